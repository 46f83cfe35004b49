// Helpers the MessagePack and CBOR tests share: hex in, one-line text of the value out, and the value as plain
// JavaScript for comparing with what a real encoder was given.
import { compactText, type PackedResult, type PackedValue } from '../../src/protocols/packed-value';

export function hex(text: string): Uint8Array {
  const digits = text.replace(/\s+/g, '');
  return Uint8Array.from(digits.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

/** Reads `hexBytes` whole with `read` and gives the value's one-line text; fails the test on an error or a tail. */
export function readText(read: (bytes: Uint8Array, offset?: number) => PackedResult, hexBytes: string): string {
  const bytes = hex(hexBytes);
  const result = read(bytes);
  if (!result.ok) throw new Error(`unexpected error: ${result.error}`);
  if (result.end !== bytes.length) throw new Error(`read ${result.end} of ${bytes.length} bytes`);
  return compactText(result.value, 10_000);
}

/** The error a malformed input gives; fails the test if it reads. */
export function readError(read: (bytes: Uint8Array, offset?: number) => PackedResult, hexBytes: string): string {
  const result = read(hex(hexBytes));
  if (result.ok) throw new Error(`expected an error, read ${compactText(result.value)}`);
  return result.error;
}

/** Plain JavaScript of a value: safe integers as numbers, others as bigint, string-keyed maps as objects. */
export function toPlain(value: PackedValue): unknown {
  switch (value.kind) {
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'boolean':
    case 'float':
    case 'string':
    case 'bytes':
      return value.value;
    case 'integer':
      return value.value >= BigInt(Number.MIN_SAFE_INTEGER) && value.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value.value) : value.value;
    case 'array':
      return value.items.map(toPlain);
    case 'map':
      return Object.fromEntries(value.entries.map(([key, entry]) => [String(toPlain(key)), toPlain(entry)]));
    default:
      return value;
  }
}
