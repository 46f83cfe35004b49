// A chunk's search summary: which trigrams (three UTF-16 code units in a row) its text messages hold, as
// a one-hash Bloom filter. The history search reads it to skip chunks that cannot hold a query's text:
// a chunk is skipped only when some trigram the query needs is absent, so a match is never missed.
// Trigrams are taken of the folded text (foldForSummary), which every search mode can reason about:
// search-literals.ts says which trigrams a query needs. Pure: no Dexie.

/** A row of the `summaries` store, one per summarised chunk. */
export interface ChunkSummary {
  chunkId: number;
  sessionId: string;
  /** Messages in the chunk: what a skipped chunk adds to the search's progress. */
  messageCount: number;
  /** The filter: bit (hash & (bits.length * 32 - 1)) is set for each trigram present. */
  bits: Uint32Array;
}

/** The largest filter, in bits: power of two. Text with more distinct trigrams fills it, and then the chunk is rarely skipped. */
const MAX_BITS = 1 << 17;
/** Smallest filter in bits (a chunk of one short message). */
const MIN_BITS = 1 << 8;
/** A filter is halved while fewer than this share of its bits would be set: the chance a missing trigram looks present. */
const MAX_DENSITY = 1 / 4;

/**
 * The text trigrams are taken of: lowercased as the case-insensitive search lowercases (the whole
 * text at once), then long s and final sigma as s and sigma, the characters a case-insensitive
 * regular expression takes for them.
 */
export function foldForSummary(text: string): string {
  const lower = text.toLowerCase();
  return /[ſς]/.test(lower) ? lower.replace(/ſ/g, 's').replace(/ς/g, 'σ') : lower;
}

/** The hash of the trigram starting at `at` in a folded text. */
export function trigramHash(folded: string, at: number): number {
  let hash = Math.imul(folded.charCodeAt(at), 0x9e3779b1) ^ Math.imul(folded.charCodeAt(at + 1), 0x85ebca77) ^ Math.imul(folded.charCodeAt(at + 2), 0xc2b2ae3d);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return (hash ^ (hash >>> 12)) >>> 0;
}

/** Builds a chunk's filter from its texts, sized to them. */
export function summaryBits(texts: Iterable<string>): Uint32Array {
  const full = new Uint32Array(MAX_BITS / 32);
  const mask = MAX_BITS - 1;
  for (const text of texts) {
    const folded = foldForSummary(text);
    for (let at = 0; at + 3 <= folded.length; at++) {
      const bit = trigramHash(folded, at) & mask;
      full[bit >>> 5]! |= 1 << (bit & 31);
    }
  }
  let bits = full;
  // Bit i of a filter of n bits is the OR of bits i and i + n of one of 2n: a trigram's bit keeps its meaning.
  while (bits.length * 32 > MIN_BITS) {
    const half = bits.subarray(0, bits.length / 2).slice();
    for (let word = 0; word < half.length; word++) half[word]! |= bits[word + half.length]!;
    if (setBits(half) > half.length * 32 * MAX_DENSITY) break;
    bits = half;
  }
  return bits;
}

/** Whether the filter may hold every one of these trigram hashes (false: the chunk holds no match). */
export function mayHoldAll(bits: Uint32Array, hashes: readonly number[]): boolean {
  const mask = bits.length * 32 - 1;
  for (const hash of hashes) {
    const bit = hash & mask;
    if ((bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
  }
  return true;
}

function setBits(words: Uint32Array): number {
  let count = 0;
  for (let word of words) {
    word -= (word >>> 1) & 0x55555555;
    word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
    count += (Math.imul((word + (word >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
  }
  return count;
}
