/**
 * Keeps the chDB child process (engine/chdb-child.mjs) alive and talks to it.
 *
 * The server never runs chDB itself: a native abort there would kill every connection. Instead this
 * supervisor forks the child, restarts it with backoff when it dies, and turns every way the child can
 * fail to answer (exit, crash, hang, stop) into a prompt STORE_UNAVAILABLE rejection — a caller is never
 * left waiting on a dead process.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SillageError } from '@sillage/core';
import type { ChildConfig, ChildMessage, EngineReply, EngineRequest } from './protocol.js';

/** Same relative path from src/events/ and dist/events/. */
const CHILD_SCRIPT = fileURLToPath(new URL('../../engine/chdb-child.mjs', import.meta.url));

/** What the supervisor reports about the child's life; also emitted as the 'engine' event. */
export type EngineEvent =
  | { type: 'started'; pid: number; startupMs: number; restarts: number }
  | {
      type: 'exited';
      pid: number;
      code: number | null;
      signal: string | null;
      reason: string;
      /** True when close() stopped it. */
      expected: boolean;
      output: string;
    }
  | { type: 'restarting'; attempt: number; delayMs: number }
  | { type: 'hung'; pid: number; silentMs: number };

export interface SupervisorOptions {
  readonly child: ChildConfig;
  /** The child's pid is written here on every start, for ops and tests. */
  readonly pidFile: string;
  /** Default time a call may take before it fails with STORE_UNAVAILABLE. */
  readonly callTimeoutMs: number;
  /** How long the engine may take to open. */
  readonly startTimeoutMs?: number;
  /** A child whose JavaScript loop stays silent this long is considered hung and killed. */
  readonly hangTimeoutMs?: number;
  /** Delays before restart attempts 1, 2, …; the last one repeats. */
  readonly restartDelaysMs?: readonly number[];
}

interface PendingCall {
  resolve(reply: EngineReply): void;
  reject(err: unknown): void;
  timer: NodeJS.Timeout;
}

type State = 'starting' | 'up' | 'down' | 'closing' | 'closed';

const DEFAULT_RESTART_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];
/** A child that stayed up this long earns a fresh backoff sequence on its next death. */
const STABLE_UPTIME_MS = 30_000;
/** What ClickHouse prints when another process holds the data directory's lock. */
const LOCKED_BY_ANOTHER_ENGINE = /Cannot lock file .*status/;
/** Child stdout/stderr kept for the exit report. */
const OUTPUT_TAIL_BYTES = 4096;

export class EngineSupervisor extends EventEmitter {
  private readonly options: Required<SupervisorOptions>;
  private child: ChildProcess | undefined;
  private childStartedAt = 0;
  private state: State = 'down';
  /** Why calls fail while the engine is not up. */
  private downReason = 'engine not started';
  private readonly pending = new Map<number, PendingCall>();
  private nextCallId = 1;
  private restartAttempt = 0;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private livenessTimer: NodeJS.Timeout | undefined;
  private heartbeatOutstanding = false;

  constructor(options: SupervisorOptions) {
    super();
    this.options = {
      startTimeoutMs: 60_000,
      hangTimeoutMs: 60_000,
      restartDelaysMs: DEFAULT_RESTART_DELAYS_MS,
      ...options,
    };
  }

  /** Pid of the running child, or undefined while it is down. */
  pid(): number | undefined {
    return this.state === 'up' ? this.child?.pid : undefined;
  }

  isUp(): boolean {
    return this.state === 'up';
  }

  /** Starts the first child; rejects (and gives up) when the engine cannot open at all. */
  async start(): Promise<void> {
    if (this.state !== 'down' || this.child) throw new Error('supervisor already started');
    await this.spawn();
    this.livenessTimer = setInterval(() => this.checkLiveness(), Math.max(100, Math.floor(this.options.hangTimeoutMs / 3)));
    this.livenessTimer.unref();
  }

  /** Sends one request; rejects with STORE_UNAVAILABLE when the child is down or does not answer in time. */
  call(request: EngineRequest, timeoutMs = this.options.callTimeoutMs): Promise<EngineReply> {
    const child = this.child;
    if (this.state !== 'up' || !child) return Promise.reject(unavailable(this.downReason));
    return this.request(child, request, timeoutMs);
  }

  private request(child: ChildProcess, request: EngineRequest, timeoutMs: number): Promise<EngineReply> {
    const id = this.nextCallId++;
    return new Promise<EngineReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(unavailable(`the engine did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        child.send({ id, ...request }, (err) => {
          if (err) this.settle(id, (call) => call.reject(unavailable(`cannot reach the engine: ${err.message}`)));
        });
      } catch (err) {
        this.settle(id, (call) => call.reject(unavailable(`cannot reach the engine: ${(err as Error).message}`)));
      }
    });
  }

  /** Stops the child cleanly (it finishes in-flight writes), or kills it when it does not comply. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const child = this.child;
    const wasUp = this.state === 'up';
    this.state = 'closing';
    this.downReason = 'the store is closed';
    clearTimeout(this.restartTimer);
    clearInterval(this.livenessTimer);
    if (child) {
      // this.child is cleared by the 'close' handler, so the child is still here means 'close' is still to
      // come; by then its exit has been reported and its output fully read. The cap only guards against
      // stdio held open by some grandchild.
      let giveUp: NodeJS.Timeout | undefined;
      const gone = new Promise<void>((resolve) => {
        child.once('close', () => resolve());
        giveUp = setTimeout(resolve, 30_000);
      });
      // Ask politely first: the child finishes in-flight writes before it exits.
      if (wasUp) await this.request(child, { op: 'shutdown' }, 10_000).catch(() => undefined);
      const killTimer = setTimeout(() => child.kill('SIGKILL'), wasUp ? 15_000 : 0);
      await gone;
      clearTimeout(killTimer);
      clearTimeout(giveUp);
    }
    this.rejectAll('the store is closed');
    rmSync(this.options.pidFile, { force: true });
    this.state = 'closed';
  }

  private spawn(): Promise<void> {
    this.state = 'starting';
    this.downReason = 'the engine is starting';
    const startedAt = Date.now();
    const child = fork(CHILD_SCRIPT, [JSON.stringify(this.options.child)], {
      serialization: 'advanced',
      // Never inherit the parent's loaders or inspector flags (vitest, --inspect): the child is plain JS.
      execArgv: [],
      env: engineEnv(process.env),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: Ctrl-C or a SIGTERM sent to the server's group must not kill the engine
      // under the server's graceful shutdown (which still needs it to ship the last hits). The engine
      // exits by itself when the IPC channel to its parent closes.
      detached: true,
    });
    this.child = child;
    this.childStartedAt = startedAt;

    // Keep the tail of what the child prints: it explains most deaths. Reading also keeps the pipes from
    // filling up and blocking the child.
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);

    let fatal = '';
    return new Promise<void>((resolve, reject) => {
      const startTimer = setTimeout(() => {
        fatal = `the engine did not open within ${this.options.startTimeoutMs} ms`;
        child.kill('SIGKILL');
      }, this.options.startTimeoutMs);

      child.on('message', (message: ChildMessage) => {
        if ('type' in message) {
          if (message.type === 'ready' && this.child === child && this.state === 'starting') {
            clearTimeout(startTimer);
            this.state = 'up';
            // Written once the child holds the data directory, so a second server that fails to get it
            // never overwrites the pid of the one that has it.
            writeFileSync(this.options.pidFile, `${message.pid}\n`);
            this.emitEngine({ type: 'started', pid: message.pid, startupMs: Date.now() - startedAt, restarts: this.restarts });
            resolve();
          } else if (message.type === 'fatal') {
            fatal = message.message;
          }
          return;
        }
        this.settle(message.id, (call) => {
          if (message.ok) call.resolve(message);
          else call.reject(new SillageError('STORE_QUERY_FAILED', ['event', message.error.message], { cause: message.error }));
        });
      });

      // 'error' covers a failed spawn or a failed send; a spawned child always also emits 'exit'.
      child.on('error', (err) => {
        fatal ||= err.message;
        if (child.pid === undefined) onExit(null, null);
      });

      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        clearTimeout(startTimer);
        if (this.child !== child) return;
        this.child = undefined;
        const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
        const reason = fatal ? `${fatal} (${how})` : `the engine ${how}`;
        this.rejectAll(reason);
        const expected = this.state === 'closing' || this.state === 'closed';
        this.emitEngine({ type: 'exited', pid: child.pid ?? 0, code, signal, reason, expected, output });
        // Settles start() when the child died before it was ready (a no-op otherwise).
        reject(LOCKED_BY_ANOTHER_ENGINE.test(output) ? this.lockedError() : unavailable(reason));
        if (this.state === 'closing' || this.state === 'closed') return;
        const neverStarted = this.restarts === 0 && this.state === 'starting';
        this.state = 'down';
        this.downReason = reason;
        if (neverStarted) {
          // The very first open failed: a configuration problem, not a crash. Report it, don't retry.
          this.state = 'closed';
          return;
        }
        if (Date.now() - this.childStartedAt > STABLE_UPTIME_MS) this.restartAttempt = 0;
        this.scheduleRestart();
      };
      // 'close' rather than 'exit': it comes after the child's output is fully read, which the exit report
      // (and the lock detection above) rely on.
      child.on('close', onExit);
    });
  }

  private scheduleRestart(): void {
    const delays = this.options.restartDelaysMs;
    const delayMs = delays[Math.min(this.restartAttempt, delays.length - 1)] ?? 1000;
    this.restartAttempt++;
    this.emitEngine({ type: 'restarting', attempt: this.restartAttempt, delayMs });
    this.restartTimer = setTimeout(() => {
      if (this.state !== 'down') return;
      this.restarts++;
      // A child that dies while starting is handled by the exit handler (which schedules the next try).
      this.spawn().catch(() => undefined);
    }, delayMs);
  }

  /**
   * A heartbeat is answered by the child's JavaScript alone. Since the child only uses chDB's async APIs,
   * its loop is never blocked by a query: silence means it is stopped or wedged, and only a restart helps.
   */
  private checkLiveness(): void {
    const child = this.child;
    if (this.state !== 'up' || !child || this.heartbeatOutstanding) return;
    this.heartbeatOutstanding = true;
    const sentAt = Date.now();
    this.call({ op: 'heartbeat' }, this.options.hangTimeoutMs)
      .catch(() => {
        if (this.child === child && this.state === 'up') {
          this.emitEngine({ type: 'hung', pid: child.pid ?? 0, silentMs: Date.now() - sentAt });
          child.kill('SIGKILL');
        }
      })
      .finally(() => {
        this.heartbeatOutstanding = false;
      });
  }

  /** The data directory belongs to another running engine, whose pid its pid file holds. */
  private lockedError(): SillageError {
    let holder = 'unknown';
    try {
      holder = readFileSync(this.options.pidFile, 'utf8').trim() || holder;
    } catch {
      // No pid file: the holder predates it or removed it; the error still says what is wrong.
    }
    return new SillageError('STORE_LOCKED', [this.options.child.dataDir, holder]);
  }

  private settle(id: number, action: (call: PendingCall) => void): void {
    const call = this.pending.get(id);
    if (!call) return; // timed out already; a late answer is dropped
    this.pending.delete(id);
    clearTimeout(call.timer);
    action(call);
  }

  private rejectAll(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, (call) => call.reject(unavailable(reason)));
  }

  private emitEngine(event: EngineEvent): void {
    this.emit('engine', event);
  }
}

function unavailable(reason: string): SillageError {
  return new SillageError('STORE_UNAVAILABLE', ['event', reason]);
}

/**
 * The engine process's environment: the server's, with glibc's malloc limited to two arenas unless
 * MALLOC_ARENA_MAX is set. glibc gives each thread that allocates its own arena, up to 8 per core, and
 * memory freed in one stays mapped there: on a 2-core machine two arenas took the engine's peak RSS in
 * bench/ingest from ~570 to ~540 MB on average, at the same throughput.
 */
export function engineEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env['MALLOC_ARENA_MAX'] === undefined ? { ...env, MALLOC_ARENA_MAX: '2' } : env;
}
