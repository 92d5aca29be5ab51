// The baseline: a bare Fastify route answering 204, the ceiling any Fastify endpoint can reach here.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/matomo.php', (_req, reply) => reply.code(204).send());
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${app.server.address().port}` })}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
