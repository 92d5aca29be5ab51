import { decodeRecord } from './frame.js';
import { CHECKPOINT_EVERY_BYTES, type Checkpoint } from './segment.js';

/** Why a scan stopped before the end of the bytes. */
export type ScanStop =
  | 'short' // the last frame is cut off: a torn write
  | 'bad-checksum' // a frame whose checksum does not match: torn, zero-filled or damaged bytes
  | 'seq-mismatch' // a valid frame with an unexpected seq: left over from a failed write
  | 'overlap'; // a valid frame whose seq the next segment already starts with

export interface ScanResult {
  /** Last valid seq, `firstSeq - 1` when no record is valid. */
  readonly lastSeq: number;
  /** Length of the valid prefix. */
  readonly validBytes: number;
  readonly checkpoints: Checkpoint[];
  /** Undefined when every byte belonged to a valid record. */
  readonly stop: ScanStop | undefined;
}

/**
 * Walks the records of one segment's bytes: they must start at `firstSeq` and follow one another by
 * one. Scanning stops at the first frame that is not such a record, or at `limitSeq` (the first seq
 * of the next segment), and reports the valid prefix. Pure: the caller decides what a stop means.
 */
export function scanSegmentBytes(buf: Buffer, firstSeq: number, limitSeq = Number.POSITIVE_INFINITY): ScanResult {
  const checkpoints: Checkpoint[] = [{ seq: firstSeq, offset: 0 }];
  let offset = 0;
  let expected = firstSeq;
  let stop: ScanStop | undefined;
  while (offset < buf.length) {
    const decoded = decodeRecord(buf, offset);
    if (decoded.kind !== 'record') {
      stop = decoded.kind;
      break;
    }
    if (decoded.seq !== expected) {
      stop = 'seq-mismatch';
      break;
    }
    if (decoded.seq >= limitSeq) {
      stop = 'overlap';
      break;
    }
    if (offset - checkpoints[checkpoints.length - 1]!.offset >= CHECKPOINT_EVERY_BYTES) {
      checkpoints.push({ seq: decoded.seq, offset });
    }
    offset = decoded.next;
    expected++;
  }
  return { lastSeq: expected - 1, validBytes: offset, checkpoints, stop };
}
