/**
 * Bytes that own their whole ArrayBuffer, so transferring it to another thread moves exactly them: a
 * small Buffer is a view into Node's shared pool, which must never be transferred, so such a view is
 * copied first.
 */
export function packForTransfer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  if (bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength && buffer instanceof ArrayBuffer) {
    return new Uint8Array(buffer);
  }
  return new Uint8Array(bytes);
}
