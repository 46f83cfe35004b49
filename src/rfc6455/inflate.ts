import { ByteSlab } from './bytes.ts';
import {
  buildDecodingTable,
  CODE_LENGTH_ORDER,
  DISTANCE_BASE,
  DISTANCE_EXTRA_BITS,
  END_OF_BLOCK,
  fixedDistanceLengths,
  fixedLiteralLengths,
  isIncompleteCode,
  LENGTH_BASE,
  LENGTH_EXTRA_BITS,
  type DecodingTable,
} from './huffman.ts';

export type InflateResult =
  | { ok: true; data: Uint8Array }
  | { ok: false; reason: 'too-big' | 'invalid'; detail: string };

export interface InflaterOptions {
  /** LZ77 window of the sender, 2^8..2^15 bytes (RFC 7692 *_max_window_bits). */
  windowBits: number;
  /** Keep the window between messages (false when *_no_context_takeover was negotiated). */
  contextTakeover: boolean;
  /** Output limit per message; going past it stops inflating at once (deflate bombs). */
  maxOutputLength: number;
}

/**
 * What the parser needs from an inflater: one whole message at a time, synchronously, never
 * throwing. RawInflater (pure TypeScript, what the panel uses) is the default; a Node program
 * may pass one built on node:zlib (see ParserOptions.inflater).
 */
export interface MessageInflater {
  /** Inflates the concatenated compressed payloads of one message (without the stripped tail). */
  inflateMessage(parts: readonly Uint8Array[]): InflateResult;
}

/** Makes the inflater for one direction of a connection, from its negotiated parameters. */
export type InflaterFactory = (options: InflaterOptions) => MessageInflater;

export const rawInflater: InflaterFactory = (options) => new RawInflater(options);

/** RFC 7692 section 7.2.2: the sender strips this empty stored block; the receiver puts it back. */
const SYNC_FLUSH_TAIL = new Uint8Array([0x00, 0x00, 0xff, 0xff]);
/**
 * Zero bytes after the input, so the symbol loop refills its bit buffer without a bounds test
 * per byte. Overrun is checked at each literal/length refill, and between two checks the loop
 * reads at most 12 bytes past the end (see run()), so 16 bytes are enough.
 */
const INPUT_PADDING = 16;
const EMPTY = new Uint8Array(0);
/** Inflate buffers larger than this are not kept between messages. */
const RETAINED_BUFFER_LIMIT = 1 << 20;

let fixedTables: { literal: DecodingTable; distance: DecodingTable } | undefined;
function getFixedTables(): { literal: DecodingTable; distance: DecodingTable } {
  fixedTables ??= {
    literal: buildDecodingTable(fixedLiteralLengths())!,
    distance: buildDecodingTable(fixedDistanceLengths())!,
  };
  return fixedTables;
}

class InflateFailure {
  constructor(
    readonly reason: 'too-big' | 'invalid',
    readonly detail: string,
  ) {}
}

/**
 * Raw DEFLATE (RFC 1951) decoder for permessage-deflate. One call inflates one whole message;
 * with context takeover the last window of output is kept and later messages may refer to it.
 * Never throws on bad input: it returns a failure instead.
 */
export class RawInflater implements MessageInflater {
  /** Earlier output (the last window of it is the history back-references reach) plus free room. */
  private buffer: Uint8Array = EMPTY;
  private used = 0;
  private readonly windowSize: number;
  /** Small messages are many: their input and output buffers share slabs instead of one ArrayBuffer each. */
  private readonly slab = new ByteSlab();

  constructor(private readonly options: InflaterOptions) {
    this.windowSize = 1 << options.windowBits;
  }

  /**
   * The output a next message may refer back to: the last window of what was inflated, empty
   * without context takeover. A view into this inflater's buffer, valid until the next call.
   */
  history(): Uint8Array {
    if (!this.options.contextTakeover) return EMPTY;
    return this.buffer.subarray(Math.max(0, this.used - this.windowSize), this.used);
  }

  /**
   * Takes `bytes` (their last window) as the output the next message refers back to, as though
   * this inflater had inflated them: lets another inflater take turns with this one.
   */
  setHistory(bytes: Uint8Array): void {
    const kept = bytes.subarray(Math.max(0, bytes.length - this.windowSize));
    const buffer = this.buffer.length >= kept.length && this.buffer.length <= RETAINED_BUFFER_LIMIT ? this.buffer : new Uint8Array(Math.max(2 * this.windowSize, kept.length + 1024));
    buffer.set(kept);
    this.buffer = buffer;
    this.used = kept.length;
  }

  /** Inflates the concatenated compressed payloads of one message (without the stripped tail). */
  inflateMessage(parts: readonly Uint8Array[]): InflateResult {
    let inputLength = SYNC_FLUSH_TAIL.length;
    for (const part of parts) inputLength += part.length;
    // Fresh slab memory is zero, which the padding needs to be.
    const input = this.slab.alloc(inputLength + INPUT_PADDING);
    let at = 0;
    for (const part of parts) {
      input.set(part, at);
      at += part.length;
    }
    input.set(SYNC_FLUSH_TAIL, inputLength - SYNC_FLUSH_TAIL.length);
    try {
      const data = this.run(input, inputLength);
      return { ok: true, data };
    } catch (error) {
      // A broken stream leaves the shared window unusable; the parser stops at this error anyway.
      this.used = 0;
      if (error instanceof InflateFailure) return { ok: false, reason: error.reason, detail: error.detail };
      throw error;
    }
  }

  /** input[0..inputLength) is the message; the rest is zero padding. */
  private run(input: Uint8Array, inputLength: number): Uint8Array {
    const windowSize = this.windowSize;
    const expectedLength = Math.max(1024, inputLength * 4);
    let output = this.buffer;
    // The history stays in place between messages; it moves to the front only when room runs out.
    let historyLength = this.options.contextTakeover ? this.used : 0;
    if (historyLength > windowSize && historyLength + expectedLength > output.length) {
      output.copyWithin(0, historyLength - windowSize, historyLength);
      historyLength = windowSize;
    }
    const outputLimit = historyLength + this.options.maxOutputLength;
    if (historyLength + expectedLength > output.length) {
      output = grow(output, historyLength, Math.min(outputLimit, historyLength + expectedLength), outputLimit);
    }
    const bits = new BitReader(input, inputLength);
    let outPos = historyLength;

    for (;;) {
      const isFinal = bits.read(1);
      const blockType = bits.read(2);
      if (blockType === 0) {
        const start = bits.alignToByte();
        if (start + 4 > inputLength) throw truncated();
        const length = input[start]! | (input[start + 1]! << 8);
        const inverse = input[start + 2]! | (input[start + 3]! << 8);
        if ((length ^ 0xffff) !== inverse) throw new InflateFailure('invalid', 'stored block length check failed');
        const end = start + 4 + length;
        if (end > inputLength) throw truncated();
        if (outPos + length > output.length) output = grow(output, outPos, outPos + length, outputLimit);
        output.set(input.subarray(start + 4, end), outPos);
        outPos += length;
        bits.pos = end;
      } else if (blockType === 3) {
        throw new InflateFailure('invalid', 'reserved block type');
      } else {
        const tables = blockType === 1 ? getFixedTables() : readDynamicTables(bits);
        const literalEntries = tables.literal.entries;
        const literalMask = (1 << tables.literal.bits) - 1;
        const distanceEntries = tables.distance.entries;
        const distanceMask = (1 << tables.distance.bits) - 1;
        // The symbol loop works on locals: V8 keeps them in registers, object fields it does not.
        let pos = bits.pos;
        let bitBuffer = bits.buffer;
        let bitCount = bits.count;
        for (;;) {
          if (bitCount < 20) {
            do {
              bitBuffer |= input[pos++]! << bitCount;
              bitCount += 8;
            } while (bitCount < 24);
            if (pos > inputLength && (pos - inputLength) * 8 > bitCount) throw truncated();
          }
          const entry = literalEntries[bitBuffer & literalMask]!;
          const codeLength = entry & 15;
          if (codeLength === 0) throw new InflateFailure('invalid', 'bad literal/length code');
          bitBuffer >>>= codeLength;
          bitCount -= codeLength;
          const symbol = entry >>> 4;
          if (symbol < 256) {
            if (outPos >= output.length) output = grow(output, outPos, outPos + 1, outputLimit);
            output[outPos++] = symbol;
            continue;
          }
          if (pos > inputLength && (pos - inputLength) * 8 > bitCount) throw truncated();
          if (symbol === END_OF_BLOCK) break;
          const lengthIndex = symbol - 257;
          if (lengthIndex >= 29) throw new InflateFailure('invalid', 'bad length symbol');
          const extraLengthBits = LENGTH_EXTRA_BITS[lengthIndex]!;
          const length = LENGTH_BASE[lengthIndex]! + (bitBuffer & ((1 << extraLengthBits) - 1));
          bitBuffer >>>= extraLengthBits;
          bitCount -= extraLengthBits;

          while (bitCount < 24) {
            bitBuffer |= input[pos++]! << bitCount;
            bitCount += 8;
          }
          const distanceEntry = distanceEntries[bitBuffer & distanceMask]!;
          const distanceCodeLength = distanceEntry & 15;
          const distanceSymbol = distanceEntry >>> 4;
          if (distanceCodeLength === 0 || distanceSymbol >= 30) throw new InflateFailure('invalid', 'bad distance code');
          bitBuffer >>>= distanceCodeLength;
          bitCount -= distanceCodeLength;
          const extraDistanceBits = DISTANCE_EXTRA_BITS[distanceSymbol]!;
          if (bitCount < extraDistanceBits) {
            bitBuffer |= input[pos++]! << bitCount;
            bitCount += 8;
          }
          const distance = DISTANCE_BASE[distanceSymbol]! + (bitBuffer & ((1 << extraDistanceBits) - 1));
          bitBuffer >>>= extraDistanceBits;
          bitCount -= extraDistanceBits;
          if (distance > outPos || distance > windowSize) {
            throw new InflateFailure('invalid', 'distance too far back');
          }
          if (outPos + length > output.length) output = grow(output, outPos, outPos + length, outputLimit);
          let from = outPos - distance;
          if (distance >= length && length > 32) {
            output.copyWithin(outPos, from, from + length);
            outPos += length;
          } else {
            const end = outPos + length;
            while (outPos < end) output[outPos++] = output[from++]!;
          }
        }
        bits.pos = pos;
        bits.buffer = bitBuffer;
        bits.count = bitCount;
      }
      if (bits.overran()) throw truncated();
      if (isFinal) break;
      // A message ends on a block boundary once every input bit is used (the tail is byte-aligned).
      if (bits.exhausted()) break;
    }

    const message = this.slab.alloc(outPos - historyLength);
    message.set(output.subarray(historyLength, outPos));
    if (output.length > RETAINED_BUFFER_LIMIT) {
      // Do not keep a huge message's buffer alive for the small ones that usually follow.
      const kept = output.slice(Math.max(0, outPos - windowSize), outPos);
      output = new Uint8Array(Math.max(2 * windowSize, kept.length + 1024));
      output.set(kept);
      outPos = kept.length;
    }
    this.buffer = output;
    this.used = outPos;
    return message;
  }
}

/** LSB-first bit reader; bits past the end read as zeros, and overran() tells when that happened. */
class BitReader {
  pos = 0;
  buffer = 0;
  count = 0;

  constructor(
    private readonly input: Uint8Array,
    private readonly length: number,
  ) {}

  read(count: number): number {
    const value = this.peek(count);
    this.buffer >>>= count;
    this.count -= count;
    return value;
  }

  peek(count: number): number {
    while (this.count < count) {
      this.buffer |= (this.pos < this.length ? this.input[this.pos]! : 0) << this.count;
      this.pos++;
      this.count += 8;
    }
    return this.buffer & ((1 << count) - 1);
  }

  /** Drops the bits up to the next byte boundary and returns the byte position there. */
  alignToByte(): number {
    this.pos -= this.count >>> 3;
    this.buffer = 0;
    this.count = 0;
    return this.pos;
  }

  overran(): boolean {
    return this.pos > this.length && (this.pos - this.length) * 8 > this.count;
  }

  exhausted(): boolean {
    return this.pos * 8 - this.count >= this.length * 8;
  }
}

function truncated(): InflateFailure {
  return new InflateFailure('invalid', 'compressed data ends inside a block');
}

function grow(output: Uint8Array, used: number, needed: number, limit: number): Uint8Array {
  if (needed > limit) throw new InflateFailure('too-big', 'inflated message exceeds the maximum size');
  const next = new Uint8Array(Math.min(limit, Math.max(needed, output.length * 2)));
  next.set(output.subarray(0, used));
  return next;
}

function readDynamicTables(bits: BitReader): { literal: DecodingTable; distance: DecodingTable } {
  const literalCount = bits.read(5) + 257;
  const distanceCount = bits.read(5) + 1;
  const codeLengthCount = bits.read(4) + 4;
  const codeLengthLengths = new Uint8Array(19);
  for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]!] = bits.read(3);
  const codeLengthTable = buildDecodingTable(codeLengthLengths);
  if (!codeLengthTable || isIncompleteCode(codeLengthLengths, false)) throw new InflateFailure('invalid', 'bad code length code');
  const lengths = new Uint8Array(literalCount + distanceCount);
  let index = 0;
  while (index < lengths.length) {
    const entry = codeLengthTable.entries[bits.peek(codeLengthTable.bits)]!;
    const codeLength = entry & 15;
    if (codeLength === 0) throw new InflateFailure('invalid', 'bad code length symbol');
    bits.read(codeLength);
    const symbol = entry >>> 4;
    if (symbol < 16) {
      lengths[index++] = symbol;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (symbol === 16) {
      if (index === 0) throw new InflateFailure('invalid', 'repeat with no previous length');
      value = lengths[index - 1]!;
      repeat = 3 + bits.read(2);
    } else if (symbol === 17) repeat = 3 + bits.read(3);
    else repeat = 11 + bits.read(7);
    if (index + repeat > lengths.length) throw new InflateFailure('invalid', 'too many code lengths');
    lengths.fill(value, index, index + repeat);
    index += repeat;
  }
  if (bits.overran()) throw truncated();
  if (lengths[END_OF_BLOCK] === 0) throw new InflateFailure('invalid', 'no end-of-block code');
  const literal = buildDecodingTable(lengths.subarray(0, literalCount));
  const distance = buildDecodingTable(lengths.subarray(literalCount));
  if (!literal || !distance) throw new InflateFailure('invalid', 'over-subscribed Huffman code');
  if (isIncompleteCode(lengths.subarray(0, literalCount), true) || isIncompleteCode(lengths.subarray(literalCount), true)) {
    throw new InflateFailure('invalid', 'incomplete Huffman code');
  }
  return { literal, distance };
}
