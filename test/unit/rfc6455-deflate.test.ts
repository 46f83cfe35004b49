import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameParser, MessageEncoder, RawDeflater, RawInflater, DEFAULT_DEFLATE_PARAMS, joinFrames } from '../../src/rfc6455/index.ts';
import { deflateBomb } from '../fixtures/rfc6455/deflate-bomb.ts';
import { concat, errorsOf } from '../fixtures/rfc6455/split.ts';

const TAIL = Uint8Array.of(0, 0, 0xff, 0xff);
const inflater = (windowBits = 15, contextTakeover = false, maxOutputLength = 1 << 24) =>
  new RawInflater({ windowBits, contextTakeover, maxOutputLength });

/** Data that compresses somewhat: runs and repeats mixed with arbitrary bytes. */
const compressible = fc
  .array(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s.repeat(3)))), { maxLength: 20 })
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

  it('keeps the window across messages with context takeover, and only then', async () => {
    const messages = ['the quick brown fox', 'the quick brown fox jumps', 'the quick brown fox jumps again'].map((text) => new TextEncoder().encode(text.repeat(50)));
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
    const far = concat(Uint8Array.from({ length: 600 }, (_, i) => (i * 37) & 0xff), Uint8Array.from({ length: 600 }, (_, i) => (i * 37) & 0xff));
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

describe('RawDeflater', () => {
  it('produces what zlib inflates, for every window size, message after message', () => {
    fc.assert(
      fc.property(fc.array(compressible, { minLength: 1, maxLength: 5 }), fc.integer({ min: 8, max: 15 }), fc.boolean(), (messages, windowBits, contextTakeover) => {
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
      }),
      { numRuns: 150 },
    );
  });
});

describe('permessage-deflate in the parser', () => {
  it('a bomb inside a frame ends in 1009, not gigabytes', () => {
    const bomb = deflateBomb(1 << 30);
    const frame = concat(Uint8Array.of(0xc2, 127, 0, 0, 0, 0, bomb.length >>> 24, (bomb.length >>> 16) & 0xff, (bomb.length >>> 8) & 0xff, bomb.length & 0xff), bomb);
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
