import { crc32 } from 'node:zlib';

/**
 * Record framing, little-endian:
 *
 *   [u32 payload length][u32 crc32][u64 seq][payload bytes]
 *
 * The checksum covers the seq as well as the payload (crc32 of the 8 seq bytes, continued over the
 * payload). Why: a zero-filled tail — what a file system may leave after a crash when it extended the
 * file but never wrote the data — would otherwise read as a valid empty record (length 0, crc32 of
 * nothing = 0); and a flipped bit in the seq would go unnoticed. A corrupt length shifts every later
 * byte, so it fails the checksum too.
 */
export const RECORD_HEADER_BYTES = 16;

/** The largest payload a frame can carry (u32 length). */
export const MAX_PAYLOAD_BYTES = 0xffff_ffff;

const TWO_POW_32 = 2 ** 32;

function recordChecksum(buf: Buffer, seqOffset: number, payloadOffset: number, payloadLength: number): number {
  const seqCrc = crc32(buf.subarray(seqOffset, seqOffset + 8));
  return crc32(buf.subarray(payloadOffset, payloadOffset + payloadLength), seqCrc);
}

export function frameBytes(payloadLength: number): number {
  return RECORD_HEADER_BYTES + payloadLength;
}

/**
 * Writes one framed record into `target` at `offset`; returns the offset just past it. A string payload
 * is written as UTF-8 straight into `target` (`byteLength` must be its UTF-8 length), saving the copy a
 * Buffer of its own would take.
 */
export function encodeRecord(target: Buffer, offset: number, seq: number, payload: Buffer | string, byteLength = payload.length): number {
  const payloadOffset = offset + RECORD_HEADER_BYTES;
  target.writeUInt32LE(byteLength, offset);
  target.writeUInt32LE(seq % TWO_POW_32, offset + 8);
  target.writeUInt32LE(Math.floor(seq / TWO_POW_32), offset + 12);
  if (typeof payload === 'string') target.write(payload, payloadOffset, byteLength, 'utf8');
  else payload.copy(target, payloadOffset);
  target.writeUInt32LE(recordChecksum(target, offset + 8, payloadOffset, byteLength), offset + 4);
  return payloadOffset + byteLength;
}

export type DecodeResult =
  | { readonly kind: 'record'; readonly seq: number; readonly payload: Buffer; readonly next: number }
  /** Fewer bytes than the header or the payload needs: a torn write, or simply the end of a read chunk. */
  | { readonly kind: 'short' }
  | { readonly kind: 'bad-checksum' };

/**
 * Decodes the record starting at `offset` in `buf`. The payload is a view into `buf`, not a copy.
 * `end` bounds the bytes that may be read (defaults to the buffer's length).
 */
export function decodeRecord(buf: Buffer, offset: number, end: number = buf.length): DecodeResult {
  if (end - offset < RECORD_HEADER_BYTES) return { kind: 'short' };
  const length = buf.readUInt32LE(offset);
  const payloadOffset = offset + RECORD_HEADER_BYTES;
  if (end - payloadOffset < length) return { kind: 'short' };
  const stored = buf.readUInt32LE(offset + 4);
  if (recordChecksum(buf, offset + 8, payloadOffset, length) !== stored) return { kind: 'bad-checksum' };
  const seq = buf.readUInt32LE(offset + 8) + buf.readUInt32LE(offset + 12) * TWO_POW_32;
  return { kind: 'record', seq, payload: buf.subarray(payloadOffset, payloadOffset + length), next: payloadOffset + length };
}

/** The payload length announced by the header at `offset`, or undefined when the header is incomplete. */
export function peekPayloadLength(buf: Buffer, offset: number, end: number = buf.length): number | undefined {
  return end - offset < RECORD_HEADER_BYTES ? undefined : buf.readUInt32LE(offset);
}
