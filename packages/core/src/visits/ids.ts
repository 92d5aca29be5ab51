/** Visitor ids and config ids travel as 16 lowercase hex chars and are stored as UInt64. */
const HEX16 = /^[0-9a-f]{16}$/i;

export const ZERO_ID = '0000000000000000';

/** UInt64 of a 16-hex id; 0 for anything else (the pipeline validates ids, a stray one must not lose a hit). */
export function hexIdToBigint(hex: string): bigint {
  return HEX16.test(hex) ? BigInt(`0x${hex}`) : 0n;
}

export function bigintToHexId(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}
