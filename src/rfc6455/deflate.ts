import { concatBytes } from './bytes.ts';
import { canonicalCodes, DISTANCE_BASE, DISTANCE_EXTRA_BITS, END_OF_BLOCK, fixedLiteralLengths, LENGTH_BASE, LENGTH_EXTRA_BITS } from './huffman.ts';

export interface DeflaterOptions {
  /** Largest distance the peer's inflater accepts: 2^windowBits (RFC 7692 *_max_window_bits). */
  windowBits: number;
  /** Let later messages refer to earlier ones (false when *_no_context_takeover was negotiated). */
  contextTakeover: boolean;
}

const MIN_MATCH = 3;
const MAX_MATCH = 258;
/** Longest hash chain walked per position: a speed/size trade-off like zlib's level 6. */
const MAX_CHAIN = 64;
const HASH_BITS = 15;
const HASH_SIZE = 1 << HASH_BITS;
const MAX_STORED_BLOCK = 0xffff;
const EMPTY = new Uint8Array(0);

const fixedLiteralLengthTable = fixedLiteralLengths();
const fixedLiteralCodes = canonicalCodes(fixedLiteralLengthTable);
/** Fixed distance codes are 5-bit numbers, sent reversed like every Huffman code. */
const fixedDistanceCodes = canonicalCodes(new Uint8Array(30).fill(5));

const lengthSymbolOf = new Uint16Array(MAX_MATCH + 1);
for (let index = 0; index < LENGTH_BASE.length; index++) {
  const end = index + 1 < LENGTH_BASE.length ? LENGTH_BASE[index + 1]! : MAX_MATCH + 1;
  for (let length = LENGTH_BASE[index]!; length < end; length++) lengthSymbolOf[length] = index;
}
lengthSymbolOf[MAX_MATCH] = 28; // 258 has its own code, not 227 + 31

function distanceSymbolOf(distance: number): number {
  let symbol = 0;
  while (symbol + 1 < DISTANCE_BASE.length && DISTANCE_BASE[symbol + 1]! <= distance) symbol++;
  return symbol;
}

class BitWriter {
  bytes: Uint8Array;
  length = 0;
  private buffer = 0;
  private count = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(64, capacity));
  }

  write(value: number, bitCount: number): void {
    this.buffer |= value << this.count;
    this.count += bitCount;
    while (this.count >= 8) {
      if (this.length === this.bytes.length) this.growTo(this.length * 2);
      this.bytes[this.length++] = this.buffer & 0xff;
      this.buffer >>>= 8;
      this.count -= 8;
    }
  }

  alignToByte(): void {
    if (this.count > 0) this.write(0, 8 - this.count);
  }

  writeBytes(source: Uint8Array): void {
    if (this.length + source.length > this.bytes.length) this.growTo((this.length + source.length) * 2);
    this.bytes.set(source, this.length);
    this.length += source.length;
  }

  private growTo(capacity: number): void {
    const next = new Uint8Array(capacity);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
}

/**
 * Raw DEFLATE (RFC 1951) encoder for permessage-deflate: LZ77 over hash chains, fixed Huffman
 * codes, stored blocks when those come out smaller. Each message ends with a sync flush whose
 * 00 00 ff ff tail is removed (RFC 7692 section 7.2.1).
 */
export class RawDeflater {
  /** Tail of earlier messages that matches may point into (context takeover). */
  private dictionary: Uint8Array = EMPTY;
  private readonly windowSize: number;

  constructor(private readonly options: DeflaterOptions) {
    this.windowSize = 1 << options.windowBits;
  }

  compressMessage(data: Uint8Array): Uint8Array {
    const dictionary = this.dictionary;
    const input = concatBytes([dictionary, data]);
    const compressed = this.compressWithFixedCodes(input, dictionary.length);
    const body = compressed.length <= data.length + 5 * Math.ceil(data.length / MAX_STORED_BLOCK) ? compressed : stored(data);
    if (this.options.contextTakeover) this.dictionary = input.slice(Math.max(0, input.length - this.windowSize));
    return body;
  }

  private compressWithFixedCodes(input: Uint8Array, start: number): Uint8Array {
    const out = new BitWriter((input.length - start) / 2 + 16);
    out.write(0b010, 3); // BFINAL = 0, BTYPE = 01 (fixed Huffman)
    const head = new Int32Array(HASH_SIZE).fill(-1);
    const windowMask = this.windowSize - 1;
    const previous = new Int32Array(this.windowSize);
    const maxDistance = this.windowSize;
    const end = input.length;
    const hashAt = (i: number): number => ((input[i]! << 10) ^ (input[i + 1]! << 5) ^ input[i + 2]!) & (HASH_SIZE - 1);
    const insert = (i: number): void => {
      const hash = hashAt(i);
      previous[i & windowMask] = head[hash]!;
      head[hash] = i;
    };
    for (let i = Math.max(0, start - this.windowSize); i + MIN_MATCH <= start; i++) insert(i);

    let i = start;
    while (i < end) {
      let bestLength = 0;
      let bestDistance = 0;
      if (i + MIN_MATCH <= end) {
        const limit = Math.min(MAX_MATCH, end - i);
        let candidate = head[hashAt(i)]!;
        let chain = MAX_CHAIN;
        while (candidate >= 0 && i - candidate <= maxDistance && chain-- > 0) {
          if (input[candidate + bestLength] === input[i + bestLength]) {
            let length = 0;
            while (length < limit && input[candidate + length] === input[i + length]) length++;
            if (length > bestLength) {
              bestLength = length;
              bestDistance = i - candidate;
              if (length === limit) break;
            }
          }
          const next = previous[candidate & windowMask]!;
          if (next >= candidate) break; // the ring slot was reused: the chain is over
          candidate = next;
        }
        insert(i);
      }
      if (bestLength >= MIN_MATCH) {
        const lengthSymbol = lengthSymbolOf[bestLength]!;
        out.write(fixedLiteralCodes[257 + lengthSymbol]!, fixedLiteralLengthTable[257 + lengthSymbol]!);
        out.write(bestLength - LENGTH_BASE[lengthSymbol]!, LENGTH_EXTRA_BITS[lengthSymbol]!);
        const distanceSymbol = distanceSymbolOf(bestDistance);
        out.write(fixedDistanceCodes[distanceSymbol]!, 5);
        out.write(bestDistance - DISTANCE_BASE[distanceSymbol]!, DISTANCE_EXTRA_BITS[distanceSymbol]!);
        for (let j = i + 1; j < i + bestLength && j + MIN_MATCH <= end; j++) insert(j);
        i += bestLength;
      } else {
        const literal = input[i]!;
        out.write(fixedLiteralCodes[literal]!, fixedLiteralLengthTable[literal]!);
        i++;
      }
    }
    out.write(fixedLiteralCodes[END_OF_BLOCK]!, fixedLiteralLengthTable[END_OF_BLOCK]!);
    return syncFlush(out);
  }
}

/** Stored blocks (BTYPE = 00) for data that does not compress. */
function stored(data: Uint8Array): Uint8Array {
  const out = new BitWriter(data.length + 5 * Math.ceil(data.length / MAX_STORED_BLOCK) + 8);
  for (let at = 0; at < data.length; at += MAX_STORED_BLOCK) {
    const length = Math.min(MAX_STORED_BLOCK, data.length - at);
    out.write(0b000, 3);
    out.alignToByte();
    out.write(length, 16);
    out.write(length ^ 0xffff, 16);
    out.writeBytes(data.subarray(at, at + length));
  }
  return syncFlush(out);
}

/** Ends with an empty non-final stored block and drops its 00 00 ff ff, as RFC 7692 asks. */
function syncFlush(out: BitWriter): Uint8Array {
  out.write(0b000, 3);
  out.alignToByte();
  return out.bytes.slice(0, out.length);
}
