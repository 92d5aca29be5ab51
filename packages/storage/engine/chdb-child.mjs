// The embedded event engine: chDB (in-process ClickHouse) running in its own process.
//
// Why a separate process: chDB is a native library; an engine abort (or a memory blow-up) must take down
// this child, never the HTTP server. The parent (src/events/chdb-supervisor.ts) restarts us when we die.
//
// Plain ESM JavaScript on purpose: Node 20 cannot fork a .ts file, and this file must work the same from
// src/ (tests) and dist/ (production). It is located from TypeScript with
// `new URL('../../engine/chdb-child.mjs', import.meta.url)`.
//
// Protocol (IPC, `serialization: 'advanced'`, so Buffers and bigints pass as they are):
//   parent → child  { id, op: 'query',   sql, params? }                   → { id, ok: true, data: Uint8Array }  (JSONEachRow bytes)
//                   { id, op: 'command', sql, params? }                   → { id, ok: true }
//                   { id, op: 'insert',  table, format, columns?, data, settings? } → { id, ok: true, rows }
//                   { id, op: 'ping' }                                    → { id, ok: true }  (answered by the engine)
//                   { id, op: 'heartbeat' }                               → { id, ok: true }  (answered by JS only)
//                   { id, op: 'shutdown' }                                → { id, ok: true }, then exit 0
//   failures        { id, ok: false, error: { name, message, clickhouseCode? } }
//   unprompted      { type: 'ready', pid } once the engine answers; { type: 'fatal', message } before exiting 1
//
// Configuration comes as JSON in argv[2]: { dataDir, memoryLimitBytes, markCacheBytes }.

import { createRequire } from 'node:module';

// chdb is CommonJS; resolve it from this package so dist/ and src/ find the same copy.
const require = createRequire(import.meta.url);

/**
 * @typedef {{ dataDir: string, memoryLimitBytes: number, markCacheBytes: number }} ChildConfig
 * @typedef {{ id: number, op: string, sql?: string, params?: Record<string, unknown>, table?: string,
 *   format?: string, columns?: string[], data?: Uint8Array, settings?: Record<string, string | number | boolean> }} Request
 */

/** @type {ChildConfig} */
const config = JSON.parse(process.argv[2] ?? '{}');

if (typeof process.send !== 'function') {
  // Started by hand: there is nobody to talk to.
  console.error('chdb-child.mjs must be started with child_process.fork()');
  process.exit(2);
}

/** @param {unknown} message */
function send(message) {
  // The channel may already be gone when the parent died; nothing useful is left to do then.
  if (process.connected) process.send?.(message);
}

/** @param {unknown} err */
function describeError(err) {
  const e = /** @type {{ name?: string, message?: string, clickhouseCode?: number }} */ (err ?? {});
  return { name: String(e.name ?? 'Error'), message: String(e.message ?? err), clickhouseCode: e.clickhouseCode };
}

/** @type {import('chdb')} */
const chdb = require('chdb');
/** @type {import('chdb').Session | undefined} */
let writer;
/** @type {import('chdb').Session | undefined} */
let reader;
try {
  const { Session } = chdb;
  // Server settings must be given at connect time. Both sessions get the same arguments: they share one
  // engine (one data directory per process), and the first one to open decides.
  const connectionArgs = [
    `--max_server_memory_usage=${config.memoryLimitBytes}`,
    `--mark_cache_size=${config.markCacheBytes}`,
    `--index_mark_cache_size=${config.markCacheBytes}`,
    '--uncompressed_cache_size=0',
    // ClickHouse gives a query one thread per 1 GiB of free memory (max_threads_min_free_memory_per_thread):
    // under a 1–2 GiB cap every query ran on ONE thread, on a 2-core machine half the CPU. A report's
    // working set is tens of MiB; the memory cap still stops a query that grows too large.
    '--max_threads_min_free_memory_per_thread=67108864',
    // Compile expressions to machine code the first time they are seen, not the third: the compilation
    // (tens of ms) then lands on a report's first run after a start instead of surprising a later one.
    '--min_count_to_compile_expression=0',
    '--min_count_to_compile_aggregate_expression=0',
    '--min_count_to_compile_sort_description=0',
    // ClickHouse's JSON convention (and @clickhouse/client's default): 64-bit integers as strings, so
    // JavaScript never loses precision. chDB defaults to bare numbers.
    '--output_format_json_quote_64bit_integers=1',
  ];
  // Calls on one session are serialised by the engine: a dashboard query must not wait behind an insert,
  // so writes and reads get a session each.
  writer = new Session(config.dataDir, { connectionArgs });
  reader = new Session(config.dataDir, { connectionArgs });
  await reader.queryAsync('SELECT 1');
} catch (err) {
  send({ type: 'fatal', message: describeError(err).message });
  // Give the IPC message a moment to leave before the process goes.
  setTimeout(() => process.exit(1), 50);
}

/**
 * Runs one request against the engine. Only async chDB APIs: they run on the libuv pool and keep this
 * process's event loop free to answer heartbeats.
 * @param {Request} req
 */
async function handle(req) {
  switch (req.op) {
    case 'query': {
      const opts = { format: 'JSONEachRow' };
      const result = req.params ? await reader.queryBindAsync(req.sql, req.params, opts) : await reader.queryAsync(req.sql ?? '', opts);
      return { data: result.bytes() };
    }
    case 'command': {
      if (req.params) await writer.queryBindAsync(req.sql, req.params);
      else await writer.queryAsync(req.sql ?? '');
      return {};
    }
    case 'insert': {
      const summary = await writer.insert({
        table: req.table,
        values: req.data,
        format: req.format,
        ...(req.columns ? { columns: req.columns } : {}),
        settings: req.settings,
      });
      return { rows: summary.rowsWritten };
    }
    case 'ping':
      await reader.queryAsync('SELECT 1');
      return {};
    case 'heartbeat':
      return {};
    default:
      throw new Error(`unknown op ${req.op}`);
  }
}

/** Requests being worked on: a clean shutdown lets them finish so no acknowledged write is cut short. */
const inflight = new Set();
let shuttingDown = false;

/** @param {number} code */
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.allSettled([...inflight]);
  // Releasing a connection while a native call still runs on it aborts the engine; close() defers the
  // release and drainPending() waits for it.
  writer?.close();
  reader?.close();
  await chdb.drainPending().catch(() => {});
  process.exit(code);
}

process.on('message', (/** @type {Request} */ req) => {
  if (req.op === 'shutdown') {
    send({ id: req.id, ok: true });
    // Let the reply flush before exiting.
    setImmediate(() => void shutdown(0));
    return;
  }
  if (shuttingDown) {
    send({ id: req.id, ok: false, error: { name: 'Error', message: 'engine is shutting down' } });
    return;
  }
  const work = handle(req).then(
    (payload) => send({ id: req.id, ok: true, ...payload }),
    (err) => send({ id: req.id, ok: false, error: describeError(err) }),
  );
  inflight.add(work);
  work.finally(() => inflight.delete(work));
});

// The parent is gone (crashed, killed): an engine nobody can reach must not keep the data dir.
process.on('disconnect', () => void shutdown(0));

if (writer && reader) send({ type: 'ready', pid: process.pid });
