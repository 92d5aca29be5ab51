import { open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SillageError } from '@sillage/core';
import { COMMITTED_TEMP_FILE, readCommittedSeq, syncDir } from './fsutil.js';
import type { SpoolLogger } from './logger.js';
import { scanSegmentBytes } from './scan.js';
import { parseSegmentFileName, type Segment, segmentFileName } from './segment.js';

export interface RecoveredSpool {
  readonly committedSeq: number;
  /** Every segment still needed, ascending; the last one is the one to append to. */
  readonly segments: Segment[];
  /** The seq the next append gets. */
  readonly nextSeq: number;
}

/**
 * Rebuilds the spool's state from its directory after any stop, clean or not.
 *
 * Policy, and why it is safe: an append is acknowledged only after its batch was written and
 * fdatasync'd, and a batch starts only after the previous one finished. So invalid bytes can only be
 * the unacknowledged tail of the last batch written to a segment, and they are cut off (with a
 * warning). A segment other than the last may carry such a tail too, when a write failed and the
 * spool moved on to a new segment; that is harmless exactly when the next segment starts right after
 * the last valid record. Any hole in the sequence that was not already committed (shipped) means
 * acknowledged records are gone, and opening fails loudly with SPOOL_CORRUPT instead of skipping them.
 */
export async function recoverSpool(dir: string, logger: SpoolLogger): Promise<RecoveredSpool> {
  const committedSeq = await readCommittedSeq(dir);
  const names = await readdir(dir);
  if (names.includes(COMMITTED_TEMP_FILE)) await rm(join(dir, COMMITTED_TEMP_FILE), { force: true });

  const firstSeqs = names
    .map(parseSegmentFileName)
    .filter((seq): seq is number => seq !== undefined)
    .sort((a, b) => a - b);

  const segments: Segment[] = [];
  let truncatedAny = false;
  for (const [i, firstSeq] of firstSeqs.entries()) {
    const path = join(dir, segmentFileName(firstSeq));
    const nextFirstSeq = firstSeqs[i + 1];
    const bytes = await readFile(path);
    const scan = scanSegmentBytes(bytes, firstSeq, nextFirstSeq);

    if (nextFirstSeq !== undefined && scan.lastSeq + 1 !== nextFirstSeq) {
      // Records lastSeq+1 .. nextFirstSeq-1 are missing. Tolerable only if they were already shipped.
      const missing = `records ${scan.lastSeq + 1}..${nextFirstSeq - 1} are missing from ${segmentFileName(firstSeq)} (${scan.stop ?? 'gap'} at byte ${scan.validBytes})`;
      if (nextFirstSeq - 1 > committedSeq) throw new SillageError('SPOOL_CORRUPT', [dir, missing]);
      logger.warn({ dir, segment: segmentFileName(firstSeq), committedSeq }, `spool: ${missing}, all already committed; ignoring`);
    }
    if (scan.stop !== undefined) {
      logger.warn(
        {
          dir,
          segment: segmentFileName(firstSeq),
          reason: scan.stop,
          validBytes: scan.validBytes,
          discardedBytes: bytes.length - scan.validBytes,
          lastSeq: scan.lastSeq,
        },
        'spool: truncating the unacknowledged tail of a segment',
      );
      await truncateDurably(path, scan.validBytes);
      truncatedAny = true;
    }
    segments.push({ firstSeq, path, lastSeq: scan.lastSeq, bytes: scan.validBytes, checkpoints: scan.checkpoints });
  }
  if (truncatedAny) await syncDir(dir);

  const first = segments[0];
  if (first !== undefined && first.firstSeq > committedSeq + 1) {
    throw new SillageError('SPOOL_CORRUPT', [
      dir,
      `records ${committedSeq + 1}..${first.firstSeq - 1} are missing: the oldest segment starts at ${first.firstSeq}`,
    ]);
  }

  // Segments whose records are all shipped: a crash during commit() may have left some behind.
  // The last segment stays, as the one to append to.
  while (segments.length > 1 && segments[0]!.lastSeq <= committedSeq) {
    const done = segments.shift()!;
    await rm(done.path, { force: true });
  }

  const lastSeq = segments.at(-1)?.lastSeq ?? 0;
  if (lastSeq < committedSeq && segments.length > 0) {
    logger.warn({ dir, lastSeq, committedSeq }, 'spool: the committed offset is past the last record; continuing after the offset');
  }
  return { committedSeq, segments, nextSeq: Math.max(lastSeq, committedSeq) + 1 };
}

async function truncateDurably(path: string, length: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
