import { open } from 'node:fs/promises';
import { SillageError } from '@sillage/core';
import { decodeRecord, peekPayloadLength, RECORD_HEADER_BYTES } from './frame.js';
import { checkpointFor, type Segment } from './segment.js';

export interface SpoolRecord {
  readonly seq: number;
  readonly payload: Buffer;
}

/** What is left to fill in one read() call; decremented as records are taken. */
export interface ReadBudget {
  records: number;
  bytes: number;
  /** Records taken so far. */
  taken: number;
}

/** Receives each record read; `payload` is a view into a read buffer, valid only during the call. */
export type TakeRecord = (seq: number, payload: Buffer) => void;

const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Hands `take` the durable records of one segment from `fromSeq` on, within `budget`. Reads only
 * below `durableBytes`/`durableLastSeq` (snapshotted by the caller), never the write in flight. The
 * first record is always taken even if it alone exceeds the byte budget, so a large record cannot
 * stall the reader. Returns false once the budget is spent.
 */
export async function readSegmentRecords(
  segment: Segment,
  durableBytes: number,
  durableLastSeq: number,
  fromSeq: number,
  budget: ReadBudget,
  take: TakeRecord,
  dir: string,
): Promise<boolean> {
  const start = checkpointFor(segment, fromSeq);
  const handle = await open(segment.path, 'r');
  try {
    let chunkStart = start.offset;
    let expected = start.seq;
    while (chunkStart < durableBytes && expected <= durableLastSeq) {
      const chunk = await readChunk(handle, chunkStart, durableBytes);
      let offset = 0;
      for (;;) {
        if (expected > durableLastSeq) return true;
        const decoded = decodeRecord(chunk, offset);
        if (decoded.kind === 'short') break;
        if (decoded.kind === 'bad-checksum' || decoded.seq !== expected) {
          const what = decoded.kind === 'bad-checksum' ? 'checksum mismatch' : `seq ${decoded.seq} where ${expected} belongs`;
          throw new SillageError('SPOOL_CORRUPT', [dir, `${what} at byte ${chunkStart + offset} of ${segment.path}`]);
        }
        if (decoded.seq >= fromSeq) {
          if (budget.records <= 0) return false;
          if (budget.taken > 0 && decoded.payload.length > budget.bytes) return false;
          take(decoded.seq, decoded.payload);
          budget.taken++;
          budget.records--;
          budget.bytes -= decoded.payload.length;
        }
        offset = decoded.next;
        expected++;
      }
      if (offset === 0) throw new SillageError('SPOOL_CORRUPT', [dir, `record cut short at byte ${chunkStart} of ${segment.path}`]);
      chunkStart += offset;
    }
    return budget.records > 0;
  } finally {
    await handle.close();
  }
}

/** Reads from `position` a chunk that holds at least one whole record (unless the durable bytes end first). */
async function readChunk(handle: Awaited<ReturnType<typeof open>>, position: number, durableBytes: number): Promise<Buffer> {
  const header = Buffer.alloc(RECORD_HEADER_BYTES);
  const available = durableBytes - position;
  await readFully(handle, header, Math.min(RECORD_HEADER_BYTES, available), position);
  const firstRecord = RECORD_HEADER_BYTES + (peekPayloadLength(header, 0) ?? 0);
  const size = Math.min(available, Math.max(READ_CHUNK_BYTES, firstRecord));
  const chunk = Buffer.allocUnsafe(size);
  await readFully(handle, chunk, size, position);
  return chunk;
}

async function readFully(handle: Awaited<ReturnType<typeof open>>, target: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(target, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += bytesRead;
  }
}
