import { join } from 'node:path';

/**
 * One segment file: records `firstSeq..lastSeq`, back to back, in `bytes` durable bytes. Bytes past
 * `bytes` (a write whose fsync has not finished, or the remains of a failed one) are never read.
 */
export interface Segment {
  readonly firstSeq: number;
  readonly path: string;
  /** Last durable seq in this segment; `firstSeq - 1` while it holds none. */
  lastSeq: number;
  /** Durable length of the file; the next write goes here. */
  bytes: number;
  /**
   * Sparse index of record starts, ascending by seq, so a read does not parse a whole segment to
   * find its first record. Always begins with `{ seq: firstSeq, offset: 0 }`.
   */
  checkpoints: Checkpoint[];
}

export interface Checkpoint {
  readonly seq: number;
  readonly offset: number;
}

/** A checkpoint is kept roughly every this many bytes. */
export const CHECKPOINT_EVERY_BYTES = 64 * 1024;

const SEGMENT_NAME = /^(\d{20})\.seg$/;

/** Segment files are named by their first seq, zero-padded so that names sort like numbers. */
export function segmentFileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(20, '0')}.seg`;
}

/** The first seq a segment file name stands for, or undefined for any other file. */
export function parseSegmentFileName(name: string): number | undefined {
  const match = SEGMENT_NAME.exec(name);
  return match ? Number(match[1]) : undefined;
}

export function newSegment(dir: string, firstSeq: number): Segment {
  return {
    firstSeq,
    path: join(dir, segmentFileName(firstSeq)),
    lastSeq: firstSeq - 1,
    bytes: 0,
    checkpoints: [{ seq: firstSeq, offset: 0 }],
  };
}

/** The checkpoint to start from when looking for `seq` (the last one at or before it). */
export function checkpointFor(segment: Segment, seq: number): Checkpoint {
  const points = segment.checkpoints;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid]!.seq <= seq) lo = mid;
    else hi = mid - 1;
  }
  return points[lo]!;
}
