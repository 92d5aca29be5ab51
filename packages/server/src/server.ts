import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EventStore, MetaStore } from '@sillage/storage';
import { createEventStore, createMetaStore, Spool } from '@sillage/storage';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { AdminDeps } from './admin/index.js';
import { ReportingApi } from './api/dispatch.js';
import { buildApp } from './app.js';
import { AccessControl } from './auth/access.js';
import { bootstrapSuperUser } from './auth/bootstrap.js';
import { LoginRateLimiter } from './auth/login-limiter.js';
import { RequestAuth } from './auth/request-auth.js';
import { SessionStore } from './auth/sessions.js';
import { UserSecurityStore } from './auth/user-security.js';
import type { ServerConfig } from './config.js';
import { createRequestEnrichment } from './enrich/index.js';
import type { ShipSite } from './ingest/batch-preparer.js';
import { loadRestoreRows, visitorHistoryLoader } from './ingest/event-queries.js';
import { ingestNodeId, renewIngestNodeId } from './ingest/node-id.js';
import { Shipper } from './ingest/shipper.js';
import { WorkerBatchPreparer } from './ingest/worker-preparer.js';
import { acquireLock } from './lock.js';
import { IngestCounters } from './metrics.js';
import { serverOptOutProbe } from './optout/probe.js';
import { loadOptOutSecret } from './optout/secret.js';
import { runRetention } from './privacy/retention.js';
import { SaltKeeper } from './salts.js';
import { SiteCache } from './sites-cache.js';
import { TrackingService } from './tracking/service.js';
import { loadTrackingSteps } from './tracking/steps.js';
import { DEFAULT_WEB_DIR } from './web/static.js';

export interface RunningServer {
  readonly url: string;
  readonly logger: Logger;
  close(): Promise<void>;
}

export function openMetaStore(config: ServerConfig): Promise<MetaStore> {
  return config.databaseUrl
    ? createMetaStore({ kind: 'postgres', url: config.databaseUrl })
    : createMetaStore({ kind: 'pglite', dataDir: join(config.dataDir, 'meta') });
}

/** Opens the event store; for chDB this starts the engine process and waits until it answers. */
export function openEventStore(config: ServerConfig): Promise<EventStore> {
  return config.clickhouseUrl
    ? createEventStore({ kind: 'clickhouse', url: config.clickhouseUrl })
    : createEventStore({ kind: 'chdb', dataDir: join(config.dataDir, 'events'), memoryLimitBytes: config.engineMemoryBytes });
}

const SALT_JOB_INTERVAL_MS = 15 * 60_000;
/** Raw-data retention (privacy.retentionMonths) is applied hourly: deletions are by calendar month, an hour late is fine. */
const RETENTION_JOB_INTERVAL_MS = 60 * 60_000;
/** A health check answers within this even when a store hangs. */
const HEALTH_TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** This thread's event-loop utilisation (0–1) over the time since the previous call. */
function eventLoopUtilizationSinceLastCall(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const current = performance.eventLoopUtilization();
    const window = performance.eventLoopUtilization(current, last);
    last = current;
    return window.utilization;
  };
}

/**
 * Starts everything `sillage serve` runs: the metadata store, the spool, the HTTP server, and (as soon
 * as the event store answers) the shipper. Tracking works from the moment the server listens, even while
 * the event store is still starting or down: accepted hits wait in the spool.
 */
export async function startServer(config: ServerConfig, logger: Logger = pino({ level: config.logLevel })): Promise<RunningServer> {
  // The spool always lives in the data directory, so one server per directory even with external stores.
  const releaseLock = acquireLock(config.dataDir);
  const cleanups: (() => Promise<void> | void)[] = [releaseLock];
  try {
    const meta = await openMetaStore(config);
    cleanups.unshift(() => meta.close());
    await meta.migrate();
    const optOutSecret = await loadOptOutSecret(meta.settings);

    const spool = await Spool.open(join(config.dataDir, 'spool'), { logger });
    cleanups.unshift(() => spool.close());

    const events = await openEventStore(config);
    cleanups.unshift(() => events.close());

    const counters = new IngestCounters();
    const enrichment = await createRequestEnrichment({ geoipMmdb: config.geoipMmdb });
    logger.info({ geo: enrichment.geo?.source ?? 'off', geoBuiltAt: enrichment.geo?.builtAt }, 'enrichment ready');
    const sites = new SiteCache(meta);
    const salts = new SaltKeeper(meta);
    const access = new AccessControl(meta);
    const now = () => Date.now();
    const tracking = new TrackingService({
      sites,
      salts,
      access,
      counters,
      ignoreCookieNames: config.ignoreCookieNames,
      now,
      steps: await loadTrackingSteps(config.spamListFile),
      sink: { append: (hit) => spool.append(JSON.stringify(hit)) },
      enrich: enrichment.enrichHit,
    });
    // The audit's opt-out check renders the page through this server's routes, built further down.
    let builtApp: FastifyInstance | undefined;
    const optOutProbe = serverOptOutProbe(() => builtApp, { secret: optOutSecret, ignoreCookieNames: config.ignoreCookieNames });
    const api = new ReportingApi({ meta, events, sites, now, optOutProbe }, access, logger);
    if (await bootstrapSuperUser(meta, config.superuserLogin, config.superuserPassword)) {
      logger.info({ login: config.superuserLogin }, 'super user created from SILLAGE_SUPERUSER_LOGIN');
    }
    const sessions = new SessionStore(meta.sql, now);
    const admin: AdminDeps = {
      meta,
      sites,
      access,
      auth: new RequestAuth(access, sessions),
      security: new UserSecurityStore(meta.sql),
      // Per client address: 30 sign-in attempts in 5 minutes.
      limiter: new LoginRateLimiter(30, 5 * 60_000, now),
      lockout: { maxFailures: config.loginMaxFailures, lockMs: config.loginLockSeconds * 1000 },
      now,
      optOutProbe,
    };

    const shipSites = async (ids: readonly number[]) => {
      const out: ShipSite[] = [];
      for (const id of ids) {
        const site = await sites.get(id);
        if (site !== undefined) out.push({ id: site.id, timezone: site.timezone, urls: site.urls });
      }
      return out;
    };
    // Parsing, device detection, sessionising and row encoding run in a worker thread (ingest/ship-worker.ts).
    const preparer = new WorkerBatchPreparer({
      sites: shipSites,
      loadHistory: visitorHistoryLoader(events),
      reloadVisits: async (p) => loadRestoreRows(events, await p.restoreSince(now())),
      log: logger,
      nice: config.shipThreadNice,
    });
    cleanups.unshift(() => preparer.close());
    const shipper = new Shipper({
      // Sequence numbers of this node's hits live in their own range of the event store (node-id.ts).
      nodeId: await ingestNodeId(config.dataDir, meta),
      renewNodeId: () => renewIngestNodeId(config.dataDir, meta),
      spool,
      events,
      preparer,
      counters,
      log: logger,
      batchSize: config.shipBatchSize,
      intervalMs: config.shipIntervalMs,
      now,
      deferral: {
        maxLagMs: config.shipMaxLagMs,
        // Busy: the HTTP thread worked at least half of the last window. At that load, the shipping work
        // on the same two or so cores would start to cost tracking requests throughput.
        busyUtilization: 0.5,
        // A trickle of hits ships as usual, so a quiet server's reports are never late.
        minBacklog: 2_000,
        utilization: eventLoopUtilizationSinceLastCall(),
      },
    });

    let eventsReady = false;
    let stopping = false;
    const eventsStartup = (async () => {
      for (let attempt = 1; !stopping; attempt++) {
        try {
          await events.migrate();
          eventsReady = true;
          await shipper.start();
          return;
        } catch (err) {
          logger.warn({ err, attempt }, 'event store not ready; retrying');
          await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * attempt)));
        }
      }
    })();

    const health = async () => {
      const [metaOk, eventsOk] = await Promise.all([
        meta.sql.query('SELECT 1').then(
          () => true,
          () => false,
        ),
        eventsReady ? withTimeout(events.ping(), HEALTH_TIMEOUT_MS).catch(() => false) : Promise.resolve(false),
      ]);
      const spoolStats = spool.stats();
      return {
        ok: metaOk && eventsOk,
        details: {
          meta: metaOk ? 'ok' : 'unavailable',
          events: eventsOk ? 'ok' : 'unavailable',
          spool: { pending: spoolStats.pending, lastSeq: spoolStats.lastSeq, shippedSeq: shipper.shippedSeq },
          ingest: counters.snapshot(),
        },
      };
    };

    const saltJob = async () => {
      try {
        const n = await salts.destroyExpired(Date.now());
        if (n > 0) logger.info({ destroyed: n }, 'expired visitor-hash salts destroyed');
      } catch (err) {
        logger.warn({ err }, 'salt destruction failed; will retry');
      }
      await sessions.purgeExpired().catch((err) => logger.warn({ err }, 'expired session purge failed; will retry'));
    };
    await saltJob();
    const saltTimer = setInterval(saltJob, SALT_JOB_INTERVAL_MS);
    saltTimer.unref();

    let retentionRunning = false;
    const retentionJob = async () => {
      // Needs the event store; a run still going (a big first purge) is not started twice.
      if (!eventsReady || retentionRunning) return;
      retentionRunning = true;
      try {
        const run = await runRetention(meta, events, Date.now());
        const deleted = run.sites.reduce((n, s) => n + s.deletedRows, 0);
        logger.info({ sites: run.sites.length, deletedRows: deleted }, 'retention job ran');
      } catch (err) {
        logger.warn({ err }, 'retention job failed; will retry');
      } finally {
        retentionRunning = false;
      }
    };
    void eventsStartup.then(retentionJob);
    const retentionTimer = setInterval(retentionJob, RETENTION_JOB_INTERVAL_MS);
    retentionTimer.unref();

    const app = buildApp(config, logger, { tracking, api, health, optOutSecret, admin, webDir: config.webDir ?? DEFAULT_WEB_DIR });
    builtApp = app;
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    logger.info({ url, dataDir: config.dataDir, meta: meta.kind, events: events.kind }, 'sillage listening');

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        stopping = true;
        clearInterval(saltTimer);
        clearInterval(retentionTimer);
        // Order matters: stop taking hits, make every accepted hit durable, ship what can be shipped.
        await app.close();
        await eventsStartup;
        await shipper.stop(10_000);
        logger.info({ shippedSeq: shipper.shippedSeq, spoolLastSeq: spool.lastSeq }, 'shipper stopped');
        for (const c of cleanups) await c();
      })();
      return closing;
    };
    return { url, logger, close };
  } catch (err) {
    for (const c of cleanups) await Promise.resolve(c()).catch(() => {});
    throw err;
  }
}
