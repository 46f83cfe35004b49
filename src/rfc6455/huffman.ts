/** Tables shared by the DEFLATE decoder and encoder (RFC 1951 section 3.2.5). */
export const LENGTH_BASE = new Uint16Array([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]);
export const LENGTH_EXTRA_BITS = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
export const DISTANCE_BASE = new Uint16Array([
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
]);
export const DISTANCE_EXTRA_BITS = new Uint8Array([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]);
/** Order in which a dynamic block sends the code-length code lengths. */
export const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15] as const;

export const END_OF_BLOCK = 256;

/** Code lengths of the fixed literal/length code (section 3.2.6). */
export function fixedLiteralLengths(): Uint8Array {
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  return lengths;
}

export function fixedDistanceLengths(): Uint8Array {
  return new Uint8Array(30).fill(5);
}

/** DEFLATE sends Huffman codes most significant bit first inside an LSB-first bit stream. */
export function reverseBits(code: number, length: number): number {
  let reversed = 0;
  for (let i = 0; i < length; i++) {
    reversed = (reversed << 1) | (code & 1);
    code >>>= 1;
  }
  return reversed;
}

/** Canonical codes from code lengths (section 3.2.2), already bit-reversed for writing. */
export function canonicalCodes(lengths: ArrayLike<number>): Uint16Array {
  const countByLength = new Uint16Array(16);
  for (let i = 0; i < lengths.length; i++) countByLength[lengths[i]!]!++;
  countByLength[0] = 0;
  const nextCode = new Uint16Array(16);
  let code = 0;
  for (let bits = 1; bits < 16; bits++) {
    code = (code + countByLength[bits - 1]!) << 1;
    nextCode[bits] = code;
  }
  const codes = new Uint16Array(lengths.length);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol]!;
    if (length !== 0) codes[symbol] = reverseBits(nextCode[length]!++, length);
  }
  return codes;
}

export interface DecodingTable {
  /** Indexed by the next `bits` input bits; entry = symbol << 4 | code length, 0 = no such code. */
  entries: Int32Array;
  bits: number;
}

/**
 * zlib's rule (inftrees.c), which every browser's inflater follows: a code that leaves bit
 * patterns unused is invalid, except a lone 1-bit code in the literal/length or distance code
 * (`allowLoneCode`). A code with no lengths at all is left to the decoder. Over-subscribed codes
 * are buildDecodingTable's to reject.
 */
export function isIncompleteCode(lengths: ArrayLike<number>, allowLoneCode: boolean): boolean {
  const { maxLength, unusedPatterns } = measureCode(lengths, lengths.length);
  return unusedPatterns > 0 && maxLength > 0 && !(allowLoneCode && maxLength === 1);
}

/**
 * The longest code length among the first `count`, and how many bit patterns the code leaves
 * unused (negative: over-subscribed, so ambiguous), counted in units of the longest possible code.
 */
function measureCode(lengths: ArrayLike<number>, count: number): { maxLength: number; unusedPatterns: number } {
  const countByLength = new Uint16Array(16);
  let maxLength = 0;
  for (let i = 0; i < count; i++) {
    const length = lengths[i]!;
    countByLength[length]!++;
    if (length > maxLength) maxLength = length;
  }
  let left = 1;
  for (let bits = 1; bits <= 15 && left >= 0; bits++) left = (left << 1) - countByLength[bits]!;
  return { maxLength, unusedPatterns: left };
}

/** One-level lookup table; returns null for an over-subscribed (ambiguous) code. */
export function buildDecodingTable(lengths: ArrayLike<number>, count = lengths.length): DecodingTable | null {
  const { maxLength, unusedPatterns } = measureCode(lengths, count);
  if (unusedPatterns < 0) return null;
  const bits = Math.max(maxLength, 1);
  const entries = new Int32Array(1 << bits);
  const codes = canonicalCodes(Array.prototype.slice.call(lengths, 0, count) as number[]);
  for (let symbol = 0; symbol < count; symbol++) {
    const length = lengths[symbol]!;
    if (length === 0) continue;
    const entry = (symbol << 4) | length;
    for (let index = codes[symbol]!; index < entries.length; index += 1 << length) entries[index] = entry;
  }
  return { entries, bits };
}

/**
 * Entries of a SymbolTable, one 32-bit integer each:
 * value << 11 | kind << 8 | extra bits << 4 | code length.
 * Literal: value = the byte. Base (a length or a distance): value = its base, plus `extra bits`
 * read after the code. Link: value = where the sub-table starts, `extra bits` = its index bits.
 * An entry of 0 (kind INVALID) is a bit pattern that no code starts with.
 */
export const KIND_MASK = 0x700;
export const KIND_INVALID = 0x000;
export const KIND_LITERAL = 0x100;
export const KIND_BASE = 0x200;
export const KIND_END_OF_BLOCK = 0x300;
export const KIND_LINK = 0x400;
/** Two literals in one entry: value = first | second << 8; code length = both codes. */
export const KIND_TWO_LITERALS = 0x500;
/** What entryOf() returns for a symbol that must not be decoded (length symbols 286, 287; distances 30, 31). */
export const NOT_A_SYMBOL = -1;

export interface SymbolTable {
  /** 2^bits primary entries, indexed by the next `bits` input bits, then the sub-tables. */
  entries: Int32Array;
  bits: number;
}

/**
 * Two-level decoding table (as zlib's inflate and libdeflate build them): codes up to
 * `primaryBits` long are found in one lookup; longer ones through a link to a sub-table for
 * their first `primaryBits` bits, sized for the longest code there. Small enough to stay in the
 * L1 cache, and cheap to build per dynamic block. Returns null for an over-subscribed code.
 * `entryOf(symbol)` gives the entry without its code length.
 */
export function buildSymbolTable(lengths: ArrayLike<number>, primaryBits: number, entryOf: (symbol: number) => number): SymbolTable | null {
  const { maxLength, unusedPatterns } = measureCode(lengths, lengths.length);
  if (unusedPatterns < 0) return null;
  const bits = Math.min(primaryBits, Math.max(maxLength, 1));
  const primarySize = 1 << bits;
  const prefixMask = primarySize - 1;
  const codes = canonicalCodes(lengths);
  const subBits = new Uint8Array(primarySize);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol]!;
    if (length > bits) {
      const prefix = codes[symbol]! & prefixMask;
      if (length - bits > subBits[prefix]!) subBits[prefix] = length - bits;
    }
  }
  const offsets = new Int32Array(primarySize);
  let size = primarySize;
  for (let prefix = 0; prefix < primarySize; prefix++) {
    if (subBits[prefix] === 0) continue;
    offsets[prefix] = size;
    size += 1 << subBits[prefix]!;
  }
  const entries = new Int32Array(size);
  for (let prefix = 0; prefix < primarySize; prefix++) {
    if (subBits[prefix] !== 0) entries[prefix] = (offsets[prefix]! << 11) | KIND_LINK | (subBits[prefix]! << 4);
  }
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol]!;
    if (length === 0) continue;
    const entryWithoutLength = entryOf(symbol);
    if (entryWithoutLength === NOT_A_SYMBOL) continue;
    const entry = entryWithoutLength | length;
    const code = codes[symbol]!;
    if (length <= bits) {
      for (let index = code; index < primarySize; index += 1 << length) entries[index] = entry;
    } else {
      const prefix = code & prefixMask;
      const start = offsets[prefix]!;
      const end = 1 << subBits[prefix]!;
      for (let index = code >>> bits; index < end; index += 1 << (length - bits)) entries[start + index] = entry;
    }
  }
  return { entries, bits };
}

/**
 * Turns each primary entry that is a literal followed, within the primary bits, by another
 * whole literal code into a KIND_TWO_LITERALS entry: runs of literals then take half the lookups.
 */
export function pairLiterals(table: SymbolTable): void {
  const { entries, bits } = table;
  const size = 1 << bits;
  const single = entries.slice(0, size);
  for (let index = 0; index < size; index++) {
    const first = single[index]!;
    if ((first & KIND_MASK) !== KIND_LITERAL) continue;
    const firstLength = first & 15;
    if (firstLength >= bits) continue;
    // The bits after the first code select the second; those beyond `bits` are not known here,
    // so the second code must end within them.
    const second = single[index >>> firstLength]!;
    const secondLength = second & 15;
    if ((second & KIND_MASK) !== KIND_LITERAL || firstLength + secondLength > bits) continue;
    entries[index] = ((((second >>> 11) << 8) | (first >>> 11)) << 11) | KIND_TWO_LITERALS | (firstLength + secondLength);
  }
}
