import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameParser, MessageEncoder, RawDeflater, RawInflater, DEFAULT_DEFLATE_PARAMS, joinFrames } from '../../src/rfc6455/index.ts';
import { canonicalCodes, CODE_LENGTH_ORDER } from '../../src/rfc6455/huffman.ts';
import { deflateBomb } from '../fixtures/rfc6455/deflate-bomb.ts';
import { concat, errorsOf } from '../fixtures/rfc6455/split.ts';
import { BitWriter } from '../fixtures/rfc6455/bit-writer';

const TAIL = Uint8Array.of(0, 0, 0xff, 0xff);
const inflater = (windowBits = 15, contextTakeover = false, maxOutputLength = 1 << 24) => new RawInflater({ windowBits, contextTakeover, maxOutputLength });

/** Data that compresses somewhat: runs and repeats mixed with arbitrary bytes. */
const compressible = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s.repeat(3))),
    ),
    { maxLength: 20 },
  )
  .map((parts) => concat(...parts));

describe('RawInflater', () => {
  it('inflates what zlib deflates: stored, fixed and dynamic blocks, every level', () => {
    fc.assert(
      fc.property(compressible, fc.constantFrom(0, 1, 6, 9), fc.boolean(), (data, level, fixed) => {
        const options = { level, strategy: fixed ? zlib.constants.Z_FIXED : zlib.constants.Z_DEFAULT_STRATEGY };
        const result = inflater().inflateMessage([zlib.deflateRawSync(data, options)]);
        expect(result).toEqual({ ok: true, data });
      }),
      { numRuns: 200 },
    );
  });

  it('inflates codes longer than the first-level tables (sub-tables), and literal pairs', () => {
    // Fibonacci frequencies make the deepest Huffman trees zlib builds: codes up to 15 bits.
    const fibonacci = [1, 1];
    while (fibonacci.length < 24) fibonacci.push(fibonacci.at(-1)! + fibonacci.at(-2)!);
    const random = (() => {
      let state = 12345;
      return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    })();
    const symbols = fibonacci.flatMap((count, symbol) => Array.from({ length: count }, () => symbol * 11));
    for (let i = symbols.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [symbols[i], symbols[j]] = [symbols[j]!, symbols[i]!];
    }
    const data = Uint8Array.from(symbols);
    for (const strategy of [zlib.constants.Z_HUFFMAN_ONLY, zlib.constants.Z_DEFAULT_STRATEGY]) {
      expect(inflater().inflateMessage([zlib.deflateRawSync(data, { strategy })])).toEqual({ ok: true, data });
    }
  });

  it('keeps the window across messages with context takeover, and only then', async () => {
    const messages = ['the quick brown fox', 'the quick brown fox jumps', 'the quick brown fox jumps again'].map((text) =>
      new TextEncoder().encode(text.repeat(50)),
    );
    const stream = zlib.createDeflateRaw();
    const compressed: Buffer[] = [];
    for (const message of messages) {
      compressed.push(
        await new Promise<Buffer>((resolve) => {
          const chunks: Buffer[] = [];
          const onData = (chunk: Buffer) => chunks.push(chunk);
          stream.on('data', onData);
          stream.write(message);
          stream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            stream.off('data', onData);
            const all = Buffer.concat(chunks);
            resolve(all.subarray(0, all.length - 4));
          });
        }),
      );
    }
    const withTakeover = inflater(15, true);
    expect(compressed.map((part) => withTakeover.inflateMessage([part]))).toEqual(messages.map((data) => ({ ok: true, data })));
    const withoutTakeover = inflater(15, false);
    withoutTakeover.inflateMessage([compressed[0]!]);
    expect(withoutTakeover.inflateMessage([compressed[1]!])).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('rejects a distance beyond the negotiated window', () => {
    const far = concat(
      Uint8Array.from({ length: 600 }, (_, i) => (i * 37) & 0xff),
      Uint8Array.from({ length: 600 }, (_, i) => (i * 37) & 0xff),
    );
    const compressed = new RawDeflater({ windowBits: 15, contextTakeover: false }).compressMessage(far);
    expect(inflater(15).inflateMessage([compressed])).toEqual({ ok: true, data: far });
    expect(inflater(8).inflateMessage([compressed])).toMatchObject({ ok: false, reason: 'invalid', detail: 'distance too far back' });
  });

  it('rejects truncated data instead of reading zeros forever', () => {
    const compressed = zlib.deflateRawSync(new TextEncoder().encode('hello '.repeat(1000)));
    expect(inflater().inflateMessage([compressed.subarray(0, compressed.length - 3)])).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('stops a deflate bomb at the output limit, without allocating what it claims', () => {
    const bomb = deflateBomb(1 << 30); // 1 GiB of zeros in about 6.5 MB
    expect(bomb.length).toBeLessThan(7_000_000);
    const before = process.memoryUsage().arrayBuffers;
    const result = inflater(15, true, 16 << 20).inflateMessage([bomb]);
    expect(result).toMatchObject({ ok: false, reason: 'too-big' });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
    // The same bomb within the limit inflates to exactly what it says.
    const small = inflater().inflateMessage([deflateBomb(100_000)]);
    expect(small.ok && small.data.length === 1 + Math.floor(99_999 / 258) * 258 && small.data.every((b) => b === 0)).toBe(true);
  });

  it('never throws on arbitrary input, and output stays under the limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 8, max: 15 }), (bytes, windowBits) => {
        const result = inflater(windowBits, true, 4096).inflateMessage([bytes]);
        if (result.ok) expect(result.data.length).toBeLessThanOrEqual(4096);
      }),
      { numRuns: 2000 },
    );
  });
});

/**
 * One final dynamic block holding `text` in a literal/length code of the given lengths (EOB
 * included), with a lone 1-bit distance code. Code lengths are sent with the code-length
 * symbols 0, 1, 2 and 18, all 2 bits long.
 */
function dynamicBlock(literalLengths: Map<number, number>, text: string): Uint8Array {
  const bits = new BitWriter();
  const write = (value: number, count: number) => bits.write(value, count);
  const lengthSymbols = [0, 1, 2, 18];
  const codeLengthLengths = Array.from({ length: 19 }, (_, symbol) => (lengthSymbols.includes(symbol) ? 2 : 0));
  const codeLengthCodes = canonicalCodes(codeLengthLengths);
  const literal = Array.from({ length: 257 }, (_, symbol) => literalLengths.get(symbol) ?? 0);
  const literalCodes = canonicalCodes(literal);
  write(1, 1); // BFINAL
  write(2, 2); // dynamic Huffman
  write(0, 5); // 257 literal/length codes
  write(0, 5); // 1 distance code
  write(18 - 4, 4); // code-length code lengths up to symbol 1, 18th in the order
  for (const symbol of CODE_LENGTH_ORDER.slice(0, 18)) write(codeLengthLengths[symbol]!, 3);
  const sendLength = (symbol: number) => write(codeLengthCodes[symbol]!, 2);
  const lengths = [...literal, 1];
  for (let i = 0; i < lengths.length;) {
    let run = 0;
    while (lengths[i + run] === 0 && run < 138) run++;
    if (run >= 11) {
      sendLength(18);
      write(run - 11, 7);
      i += run;
    } else {
      sendLength(lengths[i]!);
      i++;
    }
  }
  for (const char of text) write(literalCodes[char.charCodeAt(0)]!, literal[char.charCodeAt(0)]!);
  write(literalCodes[256]!, literal[256]!);
  write(0, 7);
  return bits.wholeBytes();
}

describe('Huffman codes that leave bit patterns unused', () => {
  const a = 'a'.charCodeAt(0);
  const b = 'b'.charCodeAt(0);

  it('a complete code inflates, in zlib and here', () => {
    const block = dynamicBlock(
      new Map([
        [a, 1],
        [b, 2],
        [256, 2],
      ]),
      'abba',
    );
    expect(new TextDecoder().decode(zlib.inflateRawSync(block))).toBe('abba');
    expect(inflater().inflateMessage([block])).toEqual({ ok: true, data: new TextEncoder().encode('abba') });
  });

  it('an incomplete literal/length code is rejected, as zlib rejects it', () => {
    const block = dynamicBlock(
      new Map([
        [a, 1],
        [256, 2],
      ]),
      'aaa',
    );
    expect(() => zlib.inflateRawSync(block)).toThrow(/invalid literal\/lengths set/);
    expect(inflater().inflateMessage([block])).toMatchObject({ ok: false, reason: 'invalid', detail: 'incomplete Huffman code' });
  });
});

describe('RawDeflater', () => {
  it('produces what zlib inflates, for every window size, message after message', () => {
    fc.assert(
      fc.property(
        fc.array(compressible, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 8, max: 15 }),
        fc.boolean(),
        (messages, windowBits, contextTakeover) => {
          const deflater = new RawDeflater({ windowBits, contextTakeover });
          const ours = inflater(windowBits, contextTakeover);
          let sent: Uint8Array = new Uint8Array(0);
          for (const message of messages) {
            const compressed = deflater.compressMessage(message);
            expect(ours.inflateMessage([compressed])).toEqual({ ok: true, data: message });
            // zlib gets the earlier messages as a preset dictionary: that is what context takeover is.
            // Its raw inflate wants at least 9 window bits; a larger window accepts every 8-bit stream.
            const window = 1 << windowBits;
            const theirs = zlib.inflateRawSync(concat(compressed, TAIL), {
              windowBits: Math.max(9, windowBits),
              finishFlush: zlib.constants.Z_SYNC_FLUSH,
              ...(contextTakeover && sent.length > 0 ? { dictionary: sent.subarray(Math.max(0, sent.length - window)) } : {}),
            });
            expect(new Uint8Array(theirs)).toEqual(message);
            sent = concat(sent, message);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('permessage-deflate in the parser', () => {
  it('a bomb inside a frame ends in 1009, not gigabytes', () => {
    const bomb = deflateBomb(1 << 30);
    const frame = concat(
      Uint8Array.of(0xc2, 127, 0, 0, 0, 0, bomb.length >>> 24, (bomb.length >>> 16) & 0xff, (bomb.length >>> 8) & 0xff, bomb.length & 0xff),
      bomb,
    );
    const parser = new FrameParser({ role: 'server', deflate: DEFAULT_DEFLATE_PARAMS, maxMessageSize: 32 << 20 });
    const events = parser.push(frame);
    expect(errorsOf(events)).toEqual([expect.objectContaining({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', closeCode: 1009, offset: 0 })]);
  });

  it('reports compressed and inflated sizes, and fragments of one compressed message', () => {
    const encoder = new MessageEncoder({ role: 'client', deflate: DEFAULT_DEFLATE_PARAMS, fragmentSize: 5, maskKey: Uint8Array.of(9, 8, 7, 6) });
    const text = 'compress me, compress me, compress me';
    const frames = encoder.encode({ type: 'text', data: text });
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.map((frame) => frame.rsv1)).toEqual(frames.map((_, i) => i === 0));
    const events = new FrameParser({ role: 'client', deflate: DEFAULT_DEFLATE_PARAMS }).push(joinFrames(frames));
    const compressedLength = frames.reduce((sum, frame) => sum + frame.payloadLength, 0);
    expect(events.filter((event) => event.kind === 'message')).toMatchObject([
      { type: 'text', text, compressed: { compressedLength, inflatedLength: text.length }, frameCount: frames.length },
    ]);
  });
});
