// Protocol Buffers' readings of one wire value: a varint as int32/int64/uint/sint (zigzag)/bool, 32 and
// 64 bits as unsigned, signed or floating point. 64-bit values stay exact (bigint beyond 2^53).
import type { Varint } from './protobuf-wire.ts';

const TWO_64 = 1n << 64n;
const TWO_63 = 1n << 63n;

/** The varint as an unsigned 64-bit integer. */
export function uint64Text(value: Varint): string {
  return String(value);
}

/** The varint as a two's-complement int64 (how int64 and negative int32 are written). */
export function int64Text(value: Varint): string {
  return typeof value === 'bigint' && value >= TWO_63 ? String(value - TWO_64) : String(value);
}

/** The varint as sint32/sint64: zigzag, 0 → 0, 1 → -1, 2 → 1, 3 → -2… */
export function zigzagText(value: Varint): string {
  if (typeof value === 'number') return String(value % 2 === 1 ? -(value + 1) / 2 : value / 2);
  return String(value % 2n === 1n ? -(value + 1n) / 2n : value / 2n);
}

/** The low 32 bits, signed (int32, enum). */
export function int32Of(value: Varint): number {
  if (typeof value === 'number' && value < 2 ** 32) return value | 0;
  return Number(BigInt.asIntN(32, BigInt(value)));
}

/** The low 32 bits, unsigned (uint32). */
export function uint32Of(value: Varint): number {
  if (typeof value === 'number' && value < 2 ** 32) return value;
  return Number(BigInt.asUintN(32, BigInt(value)));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function fixed32Of(bytes: Uint8Array): { unsigned: number; signed: number; float: number } {
  const data = view(bytes);
  return { unsigned: data.getUint32(0, true), signed: data.getInt32(0, true), float: data.getFloat32(0, true) };
}

export function fixed64Of(bytes: Uint8Array): { unsigned: string; signed: string; double: number } {
  const data = view(bytes);
  return { unsigned: String(data.getBigUint64(0, true)), signed: String(data.getBigInt64(0, true)), double: data.getFloat64(0, true) };
}

/** A float32 in the fewest digits that read back as the same float32 (3.14, not 3.140000104904175). */
export function floatText(value: number): string {
  if (!Number.isFinite(value) || Object.is(value, -0)) return doubleText(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

/** A double as JavaScript prints it (shortest round-trip text), keeping the sign of -0. */
export function doubleText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}
