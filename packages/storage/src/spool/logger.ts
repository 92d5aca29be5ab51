/** The little the spool logs: pino's `(details, message)` shape, so a Fastify/pino logger fits as is. */
export interface SpoolLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/** Used when no logger is given: recovery warnings must not vanish silently. */
export const stderrSpoolLogger: SpoolLogger = {
  warn(details, message) {
    process.stderr.write(`${message} ${JSON.stringify(details)}\n`);
  },
};
