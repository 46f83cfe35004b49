import { ByteSlab } from './bytes.ts';
import {
  buildDecodingTable,
  buildSymbolTable,
  CODE_LENGTH_ORDER,
  DISTANCE_BASE,
  DISTANCE_EXTRA_BITS,
  END_OF_BLOCK,
  fixedDistanceLengths,
  fixedLiteralLengths,
  isIncompleteCode,
  LENGTH_BASE,
  KIND_BASE,
  KIND_END_OF_BLOCK,
  KIND_LINK,
  KIND_LITERAL,
  KIND_MASK,
  KIND_TWO_LITERALS,
  LENGTH_EXTRA_BITS,
  pairLiterals,
  NOT_A_SYMBOL,
  type SymbolTable,
} from './huffman.ts';

export type InflateResult = { ok: true; data: Uint8Array } | { ok: false; reason: 'too-big' | 'invalid'; detail: string };

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
const SYNC_FLUSH_TAIL_LENGTH = 4;
/**
 * Zero bytes after the input, so the symbol loop refills its bit buffer without a bounds test
 * per byte. Overrun is checked at each literal/length refill and at each length symbol; between
 * two checks the loop reads at most 16 bytes past the end (see run()): 24 leave a margin.
 */
const INPUT_PADDING = 24;
const EMPTY = new Uint8Array(0);
/** Inflate buffers larger than this are not kept between messages. */
const RETAINED_BUFFER_LIMIT = 1 << 20;

/** Primary table sizes (as libdeflate): most codes are shorter, so most symbols take one lookup. */
const LITERAL_TABLE_BITS = 10;
const DISTANCE_TABLE_BITS = 8;

function literalEntry(symbol: number): number {
  if (symbol < END_OF_BLOCK) return (symbol << 11) | KIND_LITERAL;
  if (symbol === END_OF_BLOCK) return KIND_END_OF_BLOCK;
  const index = symbol - 257;
  return index < 29 ? (LENGTH_BASE[index]! << 11) | KIND_BASE | (LENGTH_EXTRA_BITS[index]! << 4) : NOT_A_SYMBOL;
}

function distanceEntry(symbol: number): number {
  return symbol < 30 ? (DISTANCE_BASE[symbol]! << 11) | KIND_BASE | (DISTANCE_EXTRA_BITS[symbol]! << 4) : NOT_A_SYMBOL;
}

function withPairedLiterals(table: SymbolTable): SymbolTable {
  pairLiterals(table);
  return table;
}

/** Built once, when the module loads (a few microseconds). */
const fixedTables: { literal: SymbolTable; distance: SymbolTable } = {
  literal: withPairedLiterals(buildSymbolTable(fixedLiteralLengths(), LITERAL_TABLE_BITS, literalEntry)!),
  distance: buildSymbolTable(fixedDistanceLengths(), DISTANCE_TABLE_BITS, distanceEntry)!,
};

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
  /** For copying matches four bytes at a time; always of `buffer`. */
  private bufferView: DataView<ArrayBufferLike> = new DataView(EMPTY.buffer);
  private used = 0;
  /**
   * One per inflater, not one per message: when a full collection found no reader left, V8
   * dropped the optimized code of every function that reads one, which cost inflating large
   * messages most of its speed (docs/PERFORMANCE.md, "Frame decoder").
   */
  private readonly bits = new BitReader();
  /** The message being inflated, its sync-flush tail and zero padding; reused. */
  private input: Uint8Array = EMPTY;
  declare private readonly windowSize: number;
  /** Small messages are many: their inflated copies share slabs instead of one ArrayBuffer each. */
  private readonly slab = new ByteSlab();

  /**
   * Copied from the options, not read through them: an options object made by a spread can have
   * a shape no other object keeps alive. `declare`d, as in FrameParser.
   */
  declare private readonly contextTakeover: boolean;
  declare private readonly maxOutputLength: number;

  constructor(options: InflaterOptions) {
    this.windowSize = 1 << options.windowBits;
    this.contextTakeover = options.contextTakeover;
    this.maxOutputLength = options.maxOutputLength;
  }

  /**
   * The output a next message may refer back to: the last window of what was inflated, empty
   * without context takeover. A view into this inflater's buffer, valid until the next call.
   */
  history(): Uint8Array {
    if (!this.contextTakeover) return EMPTY;
    return this.buffer.subarray(Math.max(0, this.used - this.windowSize), this.used);
  }

  /**
   * Takes `bytes` (their last window) as the output the next message refers back to, as though
   * this inflater had inflated them: lets another inflater take turns with this one.
   */
  setHistory(bytes: Uint8Array): void {
    const kept = bytes.subarray(Math.max(0, bytes.length - this.windowSize));
    const fits = capacityOf(this.buffer) >= kept.length && this.buffer.length <= RETAINED_BUFFER_LIMIT;
    const buffer = fits ? this.buffer : new Uint8Array(Math.max(2 * this.windowSize, kept.length + 1024) + COPY_SLACK);
    buffer.set(kept);
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.bufferView = new DataView(buffer.buffer, buffer.byteOffset, buffer.length);
    }
    this.used = kept.length;
  }

  /** Inflates the concatenated compressed payloads of one message (without the stripped tail). */
  inflateMessage(parts: readonly Uint8Array[]): InflateResult {
    let inputLength = SYNC_FLUSH_TAIL_LENGTH;
    for (const part of parts) inputLength += part.length;
    // One input buffer, reused: its tail and padding are written here, the rest by the parts.
    let input = this.input;
    if (input.length < inputLength + INPUT_PADDING) input = new Uint8Array(Math.max(inputLength + INPUT_PADDING, 2 * input.length));
    let at = 0;
    for (const part of parts) {
      input.set(part, at);
      at += part.length;
    }
    input[at] = 0x00;
    input[at + 1] = 0x00;
    input[at + 2] = 0xff;
    input[at + 3] = 0xff;
    input.fill(0, inputLength, inputLength + INPUT_PADDING);
    this.input = input.length <= RETAINED_BUFFER_LIMIT ? input : EMPTY;
    try {
      const data = this.run(input, inputLength);
      return { ok: true, data };
    } catch (error) {
      // A broken stream leaves the shared window unusable; the parser stops at this error anyway.
      this.used = 0;
      this.bits.reset(EMPTY, 0);
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
    let historyLength = this.contextTakeover ? this.used : 0;
    if (historyLength > windowSize && historyLength + expectedLength > capacityOf(output)) {
      output.copyWithin(0, historyLength - windowSize, historyLength);
      historyLength = windowSize;
    }
    const outputLimit = historyLength + this.maxOutputLength;
    if (historyLength + expectedLength > capacityOf(output)) {
      output = grow(output, historyLength, Math.min(outputLimit, historyLength + expectedLength), outputLimit);
    }
    let outEnd = capacityOf(output);
    let view = output === this.buffer ? this.bufferView : new DataView(output.buffer, output.byteOffset, output.length);
    const bits = this.bits;
    bits.reset(input, inputLength);
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
        if (outPos + length > outEnd) {
          output = grow(output, outPos, outPos + length, outputLimit);
          outEnd = capacityOf(output);
          view = new DataView(output.buffer, output.byteOffset, output.length);
        }
        output.set(input.subarray(start + 4, end), outPos);
        outPos += length;
        bits.pos = end;
      } else if (blockType === 3) {
        throw new InflateFailure('invalid', 'reserved block type');
      } else {
        const tables = blockType === 1 ? fixedTables : readDynamicTables(bits);
        const literalEntries = tables.literal.entries;
        const literalBits = tables.literal.bits;
        const literalMask = (1 << literalBits) - 1;
        const distanceEntries = tables.distance.entries;
        const distanceBits = tables.distance.bits;
        const distanceMask = (1 << distanceBits) - 1;
        // The symbol loop works on locals: V8 keeps them in registers, object fields it does not.
        // The bit buffer holds 25..32 bits after a refill: a whole literal/length code (15 bits)
        // and its extra bits (5), or a whole distance code (15 bits) and, mostly, its extra bits.
        let pos = bits.pos;
        let bitBuffer = bits.buffer;
        let bitCount = bits.count;
        for (;;) {
          if (bitCount < 15) {
            do {
              bitBuffer |= input[pos++]! << bitCount;
              bitCount += 8;
            } while (bitCount <= 24);
            if (pos > inputLength && (pos - inputLength) * 8 > bitCount) throw truncated();
          }
          let entry = literalEntries[bitBuffer & literalMask]!;
          if ((entry & KIND_MASK) === KIND_LINK) {
            entry = literalEntries[(entry >>> 11) + ((bitBuffer >>> literalBits) & ((1 << ((entry >>> 4) & 15)) - 1))]!;
          }
          const kind = entry & KIND_MASK;
          const codeLength = entry & 15;
          bitBuffer >>>= codeLength;
          bitCount -= codeLength;
          if (kind === KIND_TWO_LITERALS) {
            if (outPos + 2 > outEnd) {
              output = grow(output, outPos, outPos + 2, outputLimit);
              outEnd = capacityOf(output);
              view = new DataView(output.buffer, output.byteOffset, output.length);
            }
            output[outPos] = (entry >>> 11) & 0xff;
            output[outPos + 1] = entry >>> 19;
            outPos += 2;
            continue;
          }
          if (kind === KIND_LITERAL) {
            if (outPos >= outEnd) {
              output = grow(output, outPos, outPos + 1, outputLimit);
              outEnd = capacityOf(output);
              view = new DataView(output.buffer, output.byteOffset, output.length);
            }
            output[outPos++] = entry >>> 11;
            continue;
          }
          if (pos > inputLength && (pos - inputLength) * 8 > bitCount) throw truncated();
          if (kind !== KIND_BASE) {
            if (kind === KIND_END_OF_BLOCK) break;
            throw new InflateFailure('invalid', 'bad literal/length code');
          }
          const extraLengthBits = (entry >>> 4) & 15;
          const length = (entry >>> 11) + (bitBuffer & ((1 << extraLengthBits) - 1));
          bitBuffer >>>= extraLengthBits;
          bitCount -= extraLengthBits;

          if (bitCount < 15) {
            do {
              bitBuffer |= input[pos++]! << bitCount;
              bitCount += 8;
            } while (bitCount <= 24);
          }
          let distanceEntry = distanceEntries[bitBuffer & distanceMask]!;
          if ((distanceEntry & KIND_MASK) === KIND_LINK) {
            distanceEntry = distanceEntries[(distanceEntry >>> 11) + ((bitBuffer >>> distanceBits) & ((1 << ((distanceEntry >>> 4) & 15)) - 1))]!;
          }
          if ((distanceEntry & KIND_MASK) !== KIND_BASE) throw new InflateFailure('invalid', 'bad distance code');
          const distanceCodeLength = distanceEntry & 15;
          bitBuffer >>>= distanceCodeLength;
          bitCount -= distanceCodeLength;
          const extraDistanceBits = (distanceEntry >>> 4) & 15;
          if (bitCount < extraDistanceBits) {
            do {
              bitBuffer |= input[pos++]! << bitCount;
              bitCount += 8;
            } while (bitCount <= 24);
          }
          const distance = (distanceEntry >>> 11) + (bitBuffer & ((1 << extraDistanceBits) - 1));
          bitBuffer >>>= extraDistanceBits;
          bitCount -= extraDistanceBits;
          if (distance > outPos || distance > windowSize) {
            throw new InflateFailure('invalid', 'distance too far back');
          }
          if (outPos + length > outEnd) {
            output = grow(output, outPos, outPos + length, outputLimit);
            outEnd = capacityOf(output);
            view = new DataView(output.buffer, output.byteOffset, output.length);
          }
          let from = outPos - distance;
          const end = outPos + length;
          if (distance >= 4) {
            if (length > 64 && distance >= length) output.copyWithin(outPos, from, end - distance);
            else {
              // Four bytes at a time: each read is of bytes already written (distance >= 4); the
              // last write may run up to 3 bytes past the match, into room kept for it.
              do {
                view.setUint32(outPos, view.getUint32(from, true), true);
                outPos += 4;
                from += 4;
              } while (outPos < end);
            }
            outPos = end;
          } else {
            while (outPos < end) output[outPos++] = output[from++]!;
          }
        }
        // Whole bytes left in the bit buffer go back to the input, so the reader's buffer field
        // stays below 2^8: from 2^30 up V8 stores a double, and a field that changes from small
        // integer to double gives the reader a new object shape.
        const unread = bitCount >>> 3;
        bits.pos = pos - unread;
        bits.count = bitCount & 7;
        bits.buffer = bitBuffer & ((1 << (bitCount & 7)) - 1);
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
      output = new Uint8Array(Math.max(2 * windowSize, kept.length + 1024) + COPY_SLACK);
      output.set(kept);
      outPos = kept.length;
    }
    if (output !== this.buffer) {
      this.buffer = output;
      this.bufferView = new DataView(output.buffer, output.byteOffset, output.length);
    }
    this.used = outPos;
    return message;
  }
}

/** LSB-first bit reader; bits past the end read as zeros, and overran() tells when that happened. */
class BitReader {
  pos = 0;
  buffer = 0;
  count = 0;
  private input: Uint8Array = EMPTY;
  private length = 0;

  reset(input: Uint8Array, length: number): void {
    this.input = input;
    this.length = length;
    this.pos = 0;
    this.buffer = 0;
    this.count = 0;
  }

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

/** Output buffers have this much room past their capacity, for the last word of a match copy. */
const COPY_SLACK = 4;

function capacityOf(output: Uint8Array): number {
  return Math.max(0, output.length - COPY_SLACK);
}

function grow(output: Uint8Array, used: number, needed: number, limit: number): Uint8Array {
  if (needed > limit) throw new InflateFailure('too-big', 'inflated message exceeds the maximum size');
  const next = new Uint8Array(Math.min(limit, Math.max(needed, capacityOf(output) * 2)) + COPY_SLACK);
  next.set(output.subarray(0, used));
  return next;
}

function readDynamicTables(bits: BitReader): { literal: SymbolTable; distance: SymbolTable } {
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
  const literal = buildSymbolTable(lengths.subarray(0, literalCount), LITERAL_TABLE_BITS, literalEntry);
  if (literal) pairLiterals(literal);
  const distance = buildSymbolTable(lengths.subarray(literalCount), DISTANCE_TABLE_BITS, distanceEntry);
  if (!literal || !distance) throw new InflateFailure('invalid', 'over-subscribed Huffman code');
  if (isIncompleteCode(lengths.subarray(0, literalCount), true) || isIncompleteCode(lengths.subarray(literalCount), true)) {
    throw new InflateFailure('invalid', 'incomplete Huffman code');
  }
  return { literal, distance };
}
