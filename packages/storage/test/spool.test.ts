import { appendFile, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSillageError } from '@sillage/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchRecords, Spool, type SpoolLogger, type SpoolOptions } from '../src/spool/index.js';
import { segmentFileName } from '../src/spool/segment.js';

let dir: string;
const openSpools: Spool[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sillage-spool-'));
});
afterEach(async () => {
  await Promise.all(openSpools.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

/** A logger that keeps what it was told, so tests can assert on recovery warnings. */
function recordingLogger(): SpoolLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (_details, message) => messages.push(message) };
}

async function openSpool(options: SpoolOptions = {}): Promise<Spool> {
  const spool = await Spool.open(dir, { logger: recordingLogger(), ...options });
  openSpools.push(spool);
  return spool;
}

async function reopen(spool: Spool, options: SpoolOptions = {}): Promise<Spool> {
  await spool.close();
  return openSpool(options);
}

async function readAll(spool: Spool, afterSeq = 0): Promise<{ seq: number; text: string }[]> {
  const records = await spool.read(afterSeq, Number.MAX_SAFE_INTEGER);
  return records.map((r) => ({ seq: r.seq, text: r.payload.toString() }));
}

async function segmentFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.seg')).sort();
}

describe('Spool append and read', () => {
  it('numbers records from 1 and reads them back in order', async () => {
    const spool = await openSpool();
    expect(spool.lastSeq).toBe(0);
    expect(await spool.append('a')).toBe(1);
    expect(await spool.append(Buffer.from('b'))).toBe(2);
    expect(await spool.append('')).toBe(3);
    expect(await readAll(spool)).toEqual([
      { seq: 1, text: 'a' },
      { seq: 2, text: 'b' },
      { seq: 3, text: '' },
    ]);
    expect(await readAll(spool, 1)).toEqual([
      { seq: 2, text: 'b' },
      { seq: 3, text: '' },
    ]);
    expect(await spool.read(3, 10)).toEqual([]);
    expect(spool.lastSeq).toBe(3);
  });

  it('keeps 10k concurrent appends in call order, gathered into few write+fsync rounds', async () => {
    const spool = await openSpool({ segmentBytes: 64 * 1024 });
    const n = 10_000;
    const seqs = await Promise.all(Array.from({ length: n }, (_, i) => spool.append(`{"i":${i}}`)));
    expect(seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const records = await readAll(spool);
    expect(records).toHaveLength(n);
    for (const [i, record] of records.entries()) expect(record).toEqual({ seq: i + 1, text: `{"i":${i}}` });
    const stats = spool.stats();
    expect(stats.appends).toBe(n);
    // All 10k were queued before the first write, so they go out in a handful of rounds.
    expect(stats.batches).toBeLessThan(10);
  });

  it('batches appends that arrive while an fsync is in flight (group commit)', async () => {
    let syncs = 0;
    const spool = await openSpool({
      io: {
        async datasync(handle) {
          syncs++;
          await new Promise((resolve) => setTimeout(resolve, 5)); // a slow disk makes batching visible
          await handle.datasync();
        },
      },
    });
    // 200 independent "requests", each arriving on its own timer turn.
    const appends = Array.from(
      { length: 200 },
      (_, i) => new Promise<number>((resolve, reject) => setTimeout(() => spool.append(`r${i}`).then(resolve, reject), i % 20)),
    );
    const seqs = await Promise.all(appends);
    expect(new Set(seqs).size).toBe(200);
    expect(syncs).toBe(spool.stats().batches);
    expect(syncs).toBeLessThan(50);
  });

  it('one append at a time costs one fsync each', async () => {
    const spool = await openSpool();
    for (let i = 0; i < 20; i++) await spool.append(`x${i}`);
    expect(spool.stats().batches).toBe(20);
  });

  it('never lets a read see a record before its fsync completed', async () => {
    let releaseSync: () => void = () => undefined;
    let syncStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      syncStarted = resolve;
    });
    const spool = await openSpool({
      io: {
        async datasync(handle) {
          syncStarted();
          await new Promise<void>((resolve) => {
            releaseSync = resolve;
          });
          await handle.datasync();
        },
      },
    });
    const pending = spool.append('slow');
    await started; // the bytes are written, the fsync is not done
    expect(await spool.read(0, 10)).toEqual([]);
    expect(spool.lastSeq).toBe(0);
    releaseSync();
    expect(await pending).toBe(1);
    expect(await readAll(spool)).toEqual([{ seq: 1, text: 'slow' }]);
  });

  it.each([
    { maxRecords: 3, maxBytes: undefined, expected: [1, 2, 3] },
    { maxRecords: 100, maxBytes: 25, expected: [1, 2] }, // 10 + 10 bytes fit, a third would not
    { maxRecords: 100, maxBytes: 1, expected: [1] }, // the first record is always given
    { maxRecords: 0, maxBytes: undefined, expected: [] },
  ])('limits a read to $maxRecords records and $maxBytes bytes', async ({ maxRecords, maxBytes, expected }) => {
    const spool = await openSpool();
    for (let i = 0; i < 5; i++) await spool.append('0123456789');
    const records = await spool.read(0, maxRecords, maxBytes);
    expect(records.map((r) => r.seq)).toEqual(expected);
    const batch = await spool.readBatch(0, maxRecords, maxBytes);
    expect([...batch.seqs]).toEqual(expected);
  });
});

describe('Spool string payloads', () => {
  it('stores a string as UTF-8, multi-byte characters and a lone surrogate included', async () => {
    const spool = await openSpool();
    const texts = ['{"t":"été"}', '🚀'.repeat(300), 'x\ud800y', ''];
    const seqs = await Promise.all(texts.map((t) => spool.append(t)));
    expect(seqs).toEqual([1, 2, 3, 4]);
    const back = await readAll(await reopen(spool));
    expect(back.map((r) => r.text)).toEqual(texts.map((t) => Buffer.from(t, 'utf8').toString('utf8')));
    expect(back[2]!.text).toBe('x\ufffdy');
  });
});

describe('Spool segments', () => {
  it('rotates segments and reads across them, from any position', async () => {
    const spool = await openSpool({ segmentBytes: 1000 });
    const payload = (i: number) => `record-${i}-`.padEnd(100, '.');
    for (let i = 1; i <= 50; i++) expect(await spool.append(payload(i))).toBe(i);
    const files = await segmentFiles();
    expect(files.length).toBeGreaterThan(5);
    expect(files[0]).toBe(segmentFileName(1));
    for (const file of files) expect((await stat(join(dir, file))).size).toBeLessThanOrEqual(1000);
    for (const after of [0, 7, 8, 9, 23, 49]) {
      const records = await spool.read(after, 1000);
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 50 - after }, (_, i) => after + 1 + i));
      expect(records.map((r) => r.payload.toString())).toEqual(records.map((r) => payload(r.seq)));
      // The packed form the shipper reads holds the same records.
      const packed = [...batchRecords(await spool.readBatch(after, 1000))];
      expect(packed.map((r) => ({ seq: r.seq, text: Buffer.from(r.payload).toString() }))).toEqual(
        records.map((r) => ({ seq: r.seq, text: r.payload.toString() })),
      );
    }
    // A read that stops inside a segment resumes exactly there.
    const page1 = await spool.read(0, 13);
    const page2 = await spool.read(page1.at(-1)!.seq, 13);
    expect(page2[0]!.seq).toBe(14);
  });

  it('finds records deep in a large segment through its checkpoints', async () => {
    const spool = await openSpool();
    const big = 'y'.repeat(3000);
    await Promise.all(Array.from({ length: 400 }, (_, i) => spool.append(`${i}:${big}`))); // ~1.2 MB, one segment
    for (const after of [0, 150, 398]) {
      const records = await spool.read(after, 2);
      expect(records.map((r) => r.seq)).toEqual([after + 1, after + 2]);
      expect(records[0]!.payload.toString().startsWith(`${after}:`)).toBe(true);
    }
    const reopened = await reopen(spool);
    expect((await reopened.read(299, 1))[0]!.payload.toString().startsWith('299:')).toBe(true);
  });

  it('commit persists the offset, deletes shipped segments and survives reopen', async () => {
    let spool = await openSpool({ segmentBytes: 500 });
    for (let i = 1; i <= 40; i++) await spool.append(`payload-${i}`.padEnd(60, '-'));
    const before = await segmentFiles();
    await spool.commit(25);
    expect(spool.committedSeq).toBe(25);
    const after = await segmentFiles();
    expect(after.length).toBeLessThan(before.length);
    const oldest = Number(after[0]!.slice(0, 20));
    expect(oldest).toBeLessThanOrEqual(26); // nothing unshipped deleted
    expect(spool.stats()).toMatchObject({ lastSeq: 40, committedSeq: 25, pending: 15, segments: after.length });
    await spool.commit(10); // going back is ignored
    expect(spool.committedSeq).toBe(25);
    await expect(spool.commit(41)).rejects.toThrow(RangeError);

    spool = await reopen(spool, { segmentBytes: 500 });
    expect(spool.committedSeq).toBe(25);
    expect(spool.lastSeq).toBe(40);
    expect((await spool.read(25, 100)).map((r) => r.seq)).toEqual(Array.from({ length: 15 }, (_, i) => 26 + i));
    expect(await spool.append('next')).toBe(41);
  });

  it('committing everything keeps the active segment and continues the sequence', async () => {
    let spool = await openSpool({ segmentBytes: 200 });
    for (let i = 1; i <= 10; i++) await spool.append(`p${i}`.padEnd(50, '.'));
    await spool.commit(10);
    expect(await segmentFiles()).toHaveLength(1);
    spool = await reopen(spool, { segmentBytes: 200 });
    expect(spool.stats()).toMatchObject({ lastSeq: 10, committedSeq: 10, pending: 0 });
    expect(await spool.append('eleven')).toBe(11);
    expect(await readAll(spool, 10)).toEqual([{ seq: 11, text: 'eleven' }]);
  });

  it('deletes at open the segments a crash during commit left behind', async () => {
    let spool = await openSpool({ segmentBytes: 200 });
    for (let i = 1; i <= 10; i++) await spool.append(`p${i}`.padEnd(50, '.'));
    const files = await segmentFiles();
    await spool.close();
    // As if the process died right after persisting the offset, before unlinking.
    await writeFile(join(dir, 'committed'), '8\n');
    spool = await openSpool({ segmentBytes: 200 });
    const left = await segmentFiles();
    expect(left.length).toBeLessThan(files.length);
    expect((await spool.read(8, 10)).map((r) => r.seq)).toEqual([9, 10]);
  });
});

describe('Spool recovery', () => {
  async function spoolWithRecords(count: number, options: SpoolOptions = {}): Promise<string> {
    const spool = await openSpool(options);
    for (let i = 1; i <= count; i++) await spool.append(`record ${i}`);
    await spool.close();
    openSpools.splice(openSpools.indexOf(spool), 1);
    return join(dir, segmentFileName(1));
  }
  const recordBytes = 16 + 'record 1'.length; // records 1..9 have the same size

  it.each([
    { name: 'a cut header', damage: (file: string) => truncate(file, 5 * recordBytes + 7), lastSeq: 5 },
    { name: 'a cut payload', damage: (file: string) => truncate(file, 5 * recordBytes + 20), lastSeq: 5 },
    { name: 'garbage appended', damage: (file: string) => appendFile(file, Buffer.from('\x07garbage that is not a frame')), lastSeq: 6 },
    { name: 'a zero-filled tail', damage: (file: string) => appendFile(file, Buffer.alloc(4096)), lastSeq: 6 },
    {
      name: 'a flipped byte in the last payload',
      damage: async (file: string) => {
        const bytes = await readFile(file);
        bytes[bytes.length - 1]! ^= 0xff;
        await writeFile(file, bytes);
      },
      lastSeq: 5,
    },
  ])('truncates a torn tail ($name) and continues after the last valid record', async ({ damage, lastSeq }) => {
    const file = await spoolWithRecords(6);
    await damage(file);
    const logger = recordingLogger();
    const spool = await openSpool({ logger });
    expect(logger.messages.join('\n')).toMatch(/truncating/);
    expect(spool.lastSeq).toBe(lastSeq);
    expect((await stat(file)).size).toBe(lastSeq * recordBytes);
    expect((await readAll(spool)).map((r) => r.text)).toEqual(Array.from({ length: lastSeq }, (_, i) => `record ${i + 1}`));
    expect(await spool.append('after')).toBe(lastSeq + 1);
    const reopened = await reopen(spool);
    expect((await readAll(reopened, lastSeq)).map((r) => r.text)).toEqual(['after']);
  });

  it('opens a clean spool without warnings', async () => {
    await spoolWithRecords(3);
    const logger = recordingLogger();
    const spool = await openSpool({ logger });
    expect(logger.messages).toEqual([]);
    expect(spool.lastSeq).toBe(3);
  });

  it('refuses to open when a record in the middle of an older segment is damaged', async () => {
    await spoolWithRecords(9, { segmentBytes: 3 * recordBytes });
    const files = await segmentFiles();
    expect(files.length).toBe(3);
    const middle = join(dir, files[1]!);
    const bytes = await readFile(middle);
    bytes[20]! ^= 0x01; // inside the first payload of the second segment
    await writeFile(middle, bytes);
    const error = await Spool.open(dir, { logger: recordingLogger() }).catch((err: unknown) => err);
    expect(isSillageError(error, 'SPOOL_CORRUPT')).toBe(true);
    expect(String(error)).toMatch(/records 4\.\.6 are missing/);
  });

  it('refuses to open when a whole unshipped segment is gone', async () => {
    await spoolWithRecords(9, { segmentBytes: 3 * recordBytes });
    await rm(join(dir, (await segmentFiles())[0]!));
    const error = await Spool.open(dir, { logger: recordingLogger() }).catch((err: unknown) => err);
    expect(isSillageError(error, 'SPOOL_CORRUPT')).toBe(true);
  });

  it('accepts damage in records that were already shipped', async () => {
    await spoolWithRecords(9, { segmentBytes: 3 * recordBytes });
    await writeFile(join(dir, 'committed'), '6\n');
    const middle = join(dir, (await segmentFiles())[1]!);
    await truncate(middle, recordBytes + 3);
    const logger = recordingLogger();
    const spool = await openSpool({ logger });
    expect(logger.messages.join('\n')).toMatch(/already committed/);
    expect((await readAll(spool, 6)).map((r) => r.seq)).toEqual([7, 8, 9]);
  });

  it('drops the leftover of a failed write in an older segment when the next segment continues', async () => {
    await spoolWithRecords(9, { segmentBytes: 3 * recordBytes });
    // Segment 1 (records 1..3) gets a valid-looking but never acknowledged record 4, as a write whose
    // fsync failed would leave it; segment 4 holds the real record 4.
    const first = join(dir, segmentFileName(1));
    const second = await readFile(join(dir, segmentFileName(4)));
    await appendFile(first, second.subarray(0, recordBytes));
    const logger = recordingLogger();
    const spool = await openSpool({ logger });
    expect(logger.messages.join('\n')).toMatch(/truncating/);
    expect((await readAll(spool)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await stat(first)).size).toBe(3 * recordBytes);
  });

  it('continues after a committed offset that is past the last record', async () => {
    await spoolWithRecords(3);
    await writeFile(join(dir, 'committed'), '7\n'); // records 4..7 were shipped, then lost with the tail
    const logger = recordingLogger();
    let spool = await openSpool({ logger });
    expect(logger.messages.join('\n')).toMatch(/past the last record/);
    expect(await spool.append('eight')).toBe(8);
    spool = await reopen(spool);
    expect(spool.lastSeq).toBe(8);
    expect(await readAll(spool, 7)).toEqual([{ seq: 8, text: 'eight' }]);
    expect(await spool.append('nine')).toBe(9);
  });

  it('reports a damaged committed offset file', async () => {
    await spoolWithRecords(2);
    await writeFile(join(dir, 'committed'), 'not a number');
    const error = await Spool.open(dir, { logger: recordingLogger() }).catch((err: unknown) => err);
    expect(isSillageError(error, 'SPOOL_CORRUPT')).toBe(true);
  });
});

describe('Spool failures', () => {
  it('rejects exactly the appends of a batch whose write fails (closed descriptor), then carries on', async () => {
    let failNext = false;
    const spool = await openSpool({
      io: {
        async write(handle, data, position) {
          if (failNext) {
            failNext = false;
            await handle.close(); // a real EBADF from the real write below
          }
          let done = 0;
          while (done < data.length) done += (await handle.write(data, done, data.length - done, position + done)).bytesWritten;
        },
      },
    });
    expect(await spool.append('before')).toBe(1);
    failNext = true;
    const failed = await Promise.allSettled([spool.append('lost a'), spool.append('lost b')]);
    for (const result of failed) {
      expect(result.status).toBe('rejected');
      expect(isSillageError((result as PromiseRejectedResult).reason, 'SPOOL_WRITE_FAILED')).toBe(true);
    }
    expect(String((failed[0] as PromiseRejectedResult).reason.cause)).toMatch(/EBADF|closed/);
    // The spool moves on to a new segment; the failed seqs are given out again, with no hole.
    expect(await spool.append('after')).toBe(2);
    expect(spool.stats().failedBatches).toBe(1);
    expect(await readAll(spool)).toEqual([
      { seq: 1, text: 'before' },
      { seq: 2, text: 'after' },
    ]);
    const reopened = await reopen(spool);
    expect(await readAll(reopened)).toEqual([
      { seq: 1, text: 'before' },
      { seq: 2, text: 'after' },
    ]);
    expect(await reopened.append('later')).toBe(3);
  });

  it('rejects a batch whose fsync fails and never shows its written bytes, even after reopen', async () => {
    let failSync = false;
    const spool = await openSpool({
      io: {
        async datasync(handle) {
          if (failSync) {
            failSync = false;
            throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
          }
          await handle.datasync();
        },
      },
    });
    expect(await spool.append('one')).toBe(1);
    failSync = true;
    await expect(spool.append('doomed')).rejects.toSatisfy((err: unknown) => isSillageError(err, 'SPOOL_WRITE_FAILED'));
    expect(await spool.read(0, 10)).toHaveLength(1);
    expect(await spool.append('two')).toBe(2);
    const reopened = await reopen(spool);
    expect(await readAll(reopened)).toEqual([
      { seq: 1, text: 'one' },
      { seq: 2, text: 'two' },
    ]);
  });

  it('a failure in a fresh segment does not leave a hole at the next open', async () => {
    let fail = 0;
    const spool = await openSpool({
      segmentBytes: 100,
      io: {
        async datasync(handle) {
          if (fail > 0) {
            fail--;
            throw new Error('EIO');
          }
          await handle.datasync();
        },
      },
    });
    for (let i = 1; i <= 3; i++) await spool.append('z'.repeat(60)); // one record per segment
    fail = 2;
    await expect(spool.append('a'.repeat(60))).rejects.toThrow();
    await expect(spool.append('b'.repeat(60))).rejects.toThrow();
    expect(await spool.append('c'.repeat(60))).toBe(4);
    const reopened = await reopen(spool, { segmentBytes: 100 });
    expect((await readAll(reopened)).map((r) => r.text[0])).toEqual(['z', 'z', 'z', 'c']);
  });
});

describe('Spool lifecycle', () => {
  it('close() writes the appends already made, then refuses new ones', async () => {
    const spool = await openSpool();
    const pending = Array.from({ length: 100 }, (_, i) => spool.append(`p${i}`));
    await spool.close();
    expect(await Promise.all(pending)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    await expect(spool.append('late')).rejects.toSatisfy((err: unknown) => isSillageError(err, 'SPOOL_CLOSED'));
    await expect(spool.read(0, 1)).rejects.toSatisfy((err: unknown) => isSillageError(err, 'SPOOL_CLOSED'));
    const reopened = await openSpool();
    expect(reopened.lastSeq).toBe(100);
  });

  it('waitForRecords wakes on a new durable record, times out, and answers false on close', async () => {
    const spool = await openSpool();
    expect(await spool.waitForRecords(0, 10)).toBe(false);
    const waiting = spool.waitForRecords(0, 5000);
    await spool.append('wake');
    expect(await waiting).toBe(true);
    expect(await spool.waitForRecords(0, 10)).toBe(true); // already there
    const seen: number[] = [];
    const stop = spool.onDurable((seq) => seen.push(seq));
    await spool.append('again');
    stop();
    await spool.append('unseen');
    expect(seen).toEqual([2]);
    const blocked = spool.waitForRecords(3, 60_000);
    await spool.close();
    expect(await blocked).toBe(false);
  });

  it('refuses a second open of the same directory until the first is closed', async () => {
    const spool = await openSpool();
    const error = await Spool.open(join(dir, '.', ''), { logger: recordingLogger() }).catch((err: unknown) => err);
    expect(isSillageError(error, 'STORE_LOCKED')).toBe(true);
    await spool.close();
    const again = await openSpool();
    expect(again.lastSeq).toBe(0);
  });

  it('creates missing parent directories', async () => {
    const nested = join(dir, 'a', 'b', 'spool');
    const spool = await Spool.open(nested, { logger: recordingLogger() });
    openSpools.push(spool);
    expect(await spool.append('deep')).toBe(1);
    expect(await readdir(nested)).toContain(segmentFileName(1));
  });

  it('a throwing onDurable listener neither fails the append nor stops the spool', async () => {
    const logger = recordingLogger();
    const spool = await openSpool({ logger });
    spool.onDurable(() => {
      throw new Error('listener bug');
    });
    expect(await spool.append('one')).toBe(1);
    expect(await spool.append('two')).toBe(2);
    expect(spool.stats().failedBatches).toBe(0);
    expect(logger.messages).toContain('spool: an onDurable listener threw');
    expect(await readAll(spool)).toHaveLength(2);
  });

  it('waits maxBatchDelayMs to gather appends made on separate turns', async () => {
    const spool = await openSpool({ maxBatchDelayMs: 30 });
    const appends = Array.from(
      { length: 10 },
      (_, i) => new Promise<number>((resolve) => setTimeout(() => resolve(spool.append(`d${i}`)), i)),
    );
    await Promise.all(appends);
    expect(spool.stats().batches).toBe(1);
  });
});
