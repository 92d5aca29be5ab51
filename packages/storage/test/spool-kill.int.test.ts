import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spool, type SpoolLogger } from '../src/spool/index.js';

// kill -9 at random moments while a child process appends as fast as it can; after each kill, every
// append the child acknowledged must be readable, once, in order, and appending must go on after it.
// This proves durability against process crashes (the page cache survives them); power loss relies on
// the same fdatasync + directory fsync discipline but cannot be simulated here.

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const writer = fileURLToPath(new URL('./fixtures/spool-writer.mjs', import.meta.url));
const SEGMENT_BYTES = 256 * 1024; // small, so that kills also land around rotations
const ROUNDS = 8;

/** Same as payloadFor() in the fixture. */
function payloadFor(run: number, i: number): string {
  return JSON.stringify({ run, i, pad: 'x'.repeat(i % 300) });
}

interface Ack {
  seq: number;
  run: number;
  i: number;
}

async function newestSegment(dir: string): Promise<string> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.seg')).sort();
  return join(dir, names.at(-1)!);
}

/** Starts the writer, kills it with SIGKILL `killAfterMs` after it is ready, returns what it acknowledged. */
async function runAndKill(dir: string, run: number, concurrency: number, killAfterMs: number): Promise<{ acks: Ack[]; startSeq: number }> {
  const child: ChildProcess = spawn(process.execPath, [writer, dir, String(run), String(concurrency), String(SEGMENT_BYTES)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffered = '';
  let stderr = '';
  let startSeq = -1;
  const acks: Ack[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!; // a line cut by the kill is not an acknowledgement we can read
      for (const line of lines) {
        const [a, b, c] = line.split('\t');
        if (a === 'ready') {
          startSeq = Number(b);
          resolve();
        } else acks.push({ seq: Number(a), run: Number(b), i: Number(c) });
      }
    });
  });
  await Promise.race([ready, exited]);
  if (startSeq < 0) throw new Error(`writer did not start: ${stderr}`);
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  child.kill('SIGKILL');
  const how = await exited;
  expect(how, stderr).toBe('SIGKILL');
  return { acks, startSeq };
}

/**
 * The child runs the built code, so build it. Work in progress elsewhere in the tree may fail the
 * type check while still emitting our files; then go on only if the built spool is not older than
 * its sources, so the test never runs stale code.
 */
async function buildSpool(): Promise<void> {
  try {
    execFileSync('npx', ['tsc', '-b', 'packages/storage'], { cwd: repoRoot, stdio: 'pipe' });
  } catch (err) {
    const src = join(repoRoot, 'packages/storage/src/spool');
    const dist = join(repoRoot, 'packages/storage/dist/spool');
    for (const name of (await readdir(src)).filter((n) => n.endsWith('.ts'))) {
      const built = await stat(join(dist, name.replace(/\.ts$/, '.js'))).catch(() => undefined);
      if (built === undefined || built.mtimeMs < (await stat(join(src, name))).mtimeMs) {
        throw new Error(`tsc -b packages/storage failed and dist/spool is stale:\n${(err as { stdout?: Buffer }).stdout ?? err}`);
      }
    }
  }
}

describe('Spool survives kill -9', () => {
  let dir: string;

  beforeAll(async () => {
    await buildSpool();
    dir = await mkdtemp(join(tmpdir(), 'sillage-spool-kill-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged append, exactly once and in order, across repeated kills', async () => {
    const acknowledged = new Map<number, string>(); // seq -> payload, over all rounds
    let lastSeqBefore = 0;
    let totalAcks = 0;
    const warnings: string[] = [];
    const logger: SpoolLogger = { warn: (_details, message) => warnings.push(message) };

    for (let run = 1; run <= ROUNDS; run++) {
      const concurrency = [1, 8, 64, 256][run % 4]!;
      const killAfterMs = 30 + Math.floor(Math.random() * 400);
      const { acks, startSeq } = await runAndKill(dir, run, concurrency, killAfterMs);
      expect(startSeq).toBe(lastSeqBefore); // the child saw what the last reopen saw
      expect(acks.length, `round ${run} acknowledged nothing`).toBeGreaterThan(0);
      totalAcks += acks.length;

      const seqsThisRun = new Set<number>();
      for (const ack of acks) {
        expect(ack.seq).toBeGreaterThan(lastSeqBefore); // appending continues after the old records
        expect(seqsThisRun.has(ack.seq)).toBe(false);
        seqsThisRun.add(ack.seq);
        acknowledged.set(ack.seq, payloadFor(ack.run, ack.i));
      }

      // A kill -9 leaves the page cache intact, so torn writes are rare here; every third round adds
      // one (half a frame of an unacknowledged record) to the newest segment, as a power cut might.
      if (run % 3 === 0) await appendFile(await newestSegment(dir), Buffer.from([40, 0, 0, 0, 1, 2, 3, 4, 5]));

      const spool = await Spool.open(dir, { segmentBytes: SEGMENT_BYTES, logger });
      try {
        const committed = spool.committedSeq;
        const records = await spool.read(committed, Number.MAX_SAFE_INTEGER);
        // In order, no holes, no duplicates, from the commit offset to the last record.
        expect(records.map((r) => r.seq)).toEqual(Array.from({ length: spool.lastSeq - committed }, (_, k) => committed + 1 + k));
        const byPayload = new Set(records.map((r) => r.payload.toString()));
        expect(byPayload.size).toBe(records.length);
        // Every acknowledged, not yet committed append is there with its payload.
        const bySeq = new Map(records.map((r) => [r.seq, r.payload.toString()]));
        for (const [seq, payload] of acknowledged) {
          if (seq > committed) expect(bySeq.get(seq), `seq ${seq}`).toBe(payload);
        }
        // Unacknowledged appends that did reach the disk are fine; anything else is from this run too.
        lastSeqBefore = spool.lastSeq;
        expect(lastSeqBefore).toBeGreaterThanOrEqual(Math.max(...seqsThisRun));

        // Ship part of the backlog, as the shipper would, so deletion and reopen are exercised too.
        await spool.commit(committed + Math.floor((spool.lastSeq - committed) * Math.random()));
      } finally {
        await spool.close();
      }
    }
    expect(totalAcks).toBeGreaterThan(ROUNDS * 10);
    // Every third round got a torn tail on top of the kill, and recovery said so each time.
    expect(warnings.filter((w) => w.includes('truncating'))).toHaveLength(Math.floor(ROUNDS / 3));

    // After all the kills, the spool still takes appends with higher seqs.
    const spool = await Spool.open(dir, { segmentBytes: SEGMENT_BYTES, logger });
    expect(await spool.append('after the storm')).toBe(lastSeqBefore + 1);
    await spool.close();
  });
});
