import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { NODE_ADAPTERS, ZLIB_MIN_INPUT, ZlibInflater } from '../../scripts/node-adapters.ts';
import {
  DEFAULT_DEFLATE_PARAMS,
  joinFrames,
  MessageEncoder,
  RawDeflater,
  RawInflater,
  type DeflateParams,
  type ParserOptions,
  type Role,
} from '../../src/rfc6455/index.ts';
import { deflateBomb } from '../fixtures/rfc6455/deflate-bomb.ts';
import { concat, errorsOf, fingerprint, messagesOf, parseChunks, parseEverySplit, seededRandom, splitAt } from '../fixtures/rfc6455/split.ts';
import { wsSend, type PlainMessage } from '../fixtures/rfc6455/ws-peer.ts';

const random = seededRandom(11);
const bytesOf = (length: number) => Uint8Array.from({ length }, () => Math.floor(random() * 256));

/** A stream with small and large (up to 70 KB) messages, whole and fragmented. */
function stream(role: Role, deflate: boolean): Uint8Array {
  const frames = [undefined, 1000].flatMap((fragmentSize) => {
    const encoder = new MessageEncoder({ role, fragmentSize, deflate: deflate ? DEFAULT_DEFLATE_PARAMS : null });
    return [10, 5000, 70000, 0, 300].flatMap((length) => encoder.encode({ type: 'binary', data: bytesOf(length) }));
  });
  return joinFrames(frames);
}

describe('the allocate option', () => {
  it.each<[Role, boolean]>([
    ['client', false],
    ['server', false],
    ['client', true],
    ['server', true],
  ])('arrays that are not zero-filled give the same events (%s, deflate %s)', (role, deflate) => {
    const bytes = stream(role, deflate);
    const options: ParserOptions = { role, deflate: deflate ? DEFAULT_DEFLATE_PARAMS : null };
    const expected = parseEverySplit(bytes, options);
    const allocated: number[] = [];
    // Node's Buffer.allocUnsafe hands out old memory; 0xa5 everywhere stands in for it.
    const dirty: ParserOptions = { ...options, allocate: (length) => (allocated.push(length), Buffer.alloc(length, 0xa5)) };
    for (const cuts of [[], [1, 2, 3, 4100, 9000, 40000, 70001], Array.from({ length: 200 }, () => Math.floor(random() * bytes.length))]) {
      expect(fingerprint(parseChunks(splitAt(bytes, cuts), dirty))).toBe(fingerprint(expected));
    }
    expect(allocated.length).toBeGreaterThan(0);
    expect(Math.min(...allocated)).toBeGreaterThan(4096); // small ones come from the parser's own slabs
  });

  it('an array of the wrong length is not used', () => {
    const bytes = stream('client', false);
    const wrong = parseChunks(splitAt(bytes, [5000, 50000]), { role: 'client', allocate: (length) => new Uint8Array(length + 1).fill(1) });
    expect(fingerprint(wrong)).toBe(fingerprint(parseChunks([bytes], { role: 'client' })));
  });

  it('payloads are plain Uint8Arrays even when the allocator returns Buffers', () => {
    const bytes = stream('client', false);
    const events = parseChunks(splitAt(bytes, [5000, 50000]), { role: 'client', allocate: (length) => Buffer.allocUnsafeSlow(length) });
    for (const event of events) if (event.kind === 'message') expect(event.data.constructor).toBe(Uint8Array);
  });
});

describe('the zlib inflater adapter (scripts/node-adapters.ts)', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const json = (seed: number, records: number) =>
    utf8(
      Array.from(
        { length: records },
        (_, i) => `{"id":${seed * 1000 + i},"price":${((seed * 7919 + i * 104729) % 100000) / 100},"side":"${i % 3 ? 'buy' : 'sell'}"}`,
      ).join('\n'),
    );
  const noise = bytesOf(4000);
  // Large messages go to zlib, small ones to the pure inflater; repeats and shared tokens make
  // each refer back into output the other one inflated.
  const MESSAGES: PlainMessage[] = [
    { type: 'text', data: json(1, 400) },
    { type: 'text', data: json(1, 400) }, // a few bytes of back-references into zlib's output
    { type: 'binary', data: utf8('token-7f3a9c token-7f3a9c') },
    { type: 'binary', data: concat(utf8('token-7f3a9c'), noise) }, // zlib, referring to the pure inflater's output
    { type: 'ping', data: utf8('between') },
    { type: 'binary', data: noise },
    { type: 'text', data: utf8('short') },
    { type: 'binary', data: new Uint8Array(200000).fill(0x2a) },
    { type: 'text', data: json(2, 3000) },
    { type: 'binary', data: new Uint8Array(0) },
    { type: 'text', data: json(2, 3000) },
    { type: 'close', data: new Uint8Array(0), closeCode: 1000, closeReason: 'done' },
  ];
  const cases: [string, DeflateParams][] = [
    ['default parameters (context takeover)', { ...DEFAULT_DEFLATE_PARAMS }],
    ['no context takeover', { ...DEFAULT_DEFLATE_PARAMS, clientNoContextTakeover: true, serverNoContextTakeover: true }],
    ['9- and 10-bit windows (the pure inflater alone)', { ...DEFAULT_DEFLATE_PARAMS, clientMaxWindowBits: 9, serverMaxWindowBits: 10 }],
  ];

  describe.each<Role>(['client', 'server'])('ws Sender streams sent by a %s', (role) => {
    it.each(cases)('the same events as the pure inflater, with %s', async (_name, params) => {
      for (const fragments of [1, 3]) {
        const bytes = await wsSend(role, MESSAGES, { deflate: params, fragments });
        const pure = parseChunks([bytes], { role, deflate: params });
        expect(errorsOf(pure)).toEqual([]);
        const dataOf = (messages: { type: string; data: Uint8Array }[]) =>
          messages.filter((message) => message.type !== 'close').map((message) => [message.type, Array.from(message.data)]);
        expect(dataOf(messagesOf(pure))).toEqual(dataOf(MESSAGES));
        const viaZlib = parseChunks(
          splitAt(
            bytes,
            Array.from({ length: 40 }, () => Math.floor(random() * bytes.length)),
          ),
          { role, deflate: params, ...NODE_ADAPTERS },
        );
        expect(fingerprint(viaZlib)).toBe(fingerprint(pure));
      }
    });
  });

  it('sends large messages to zlib and small ones to the pure inflater', () => {
    const calls: number[] = [];
    const inflater = new ZlibInflater({ windowBits: 15, contextTakeover: true, maxOutputLength: 1 << 24 });
    const pureInflate = RawInflater.prototype.inflateMessage;
    const spy = vi.spyOn(RawInflater.prototype, 'inflateMessage').mockImplementation(function (this: RawInflater, parts) {
      calls.push(parts.reduce((sum, part) => sum + part.length, 0));
      return pureInflate.call(this, parts);
    });
    const deflater = new RawDeflater({ windowBits: 15, contextTakeover: true });
    const messages = [noise, utf8('small'), noise];
    const compressed = messages.map((message) => deflater.compressMessage(message));
    expect(compressed.map((part) => inflater.inflateMessage([part]))).toEqual(messages.map((data) => ({ ok: true, data })));
    spy.mockRestore();
    expect(compressed[0]!.length).toBeGreaterThanOrEqual(ZLIB_MIN_INPUT);
    expect(calls).toEqual([compressed[1]!.length, compressed[2]!.length]); // the repeat is a few back-references
  });

  it('leaves windows under 15 bits to the pure inflater, which rejects a distance beyond them', () => {
    const far = concat(bytesOf(700), new Uint8Array(300), bytesOf(100));
    const data = concat(far, far.subarray(0, 600));
    const compressed = new RawDeflater({ windowBits: 15, contextTakeover: false }).compressMessage(data);
    expect(compressed.length).toBeGreaterThanOrEqual(ZLIB_MIN_INPUT);
    // The repeat is 1100 bytes back: beyond a 10-bit window, within an 11-bit one.
    const inflate = (windowBits: number) => new ZlibInflater({ windowBits, contextTakeover: false, maxOutputLength: 1 << 20 }).inflateMessage([compressed]);
    expect(inflate(15)).toEqual({ ok: true, data });
    expect(inflate(11)).toEqual({ ok: true, data });
    expect(inflate(10)).toMatchObject({ ok: false, reason: 'invalid', detail: 'distance too far back' });
    // zlib itself would have taken it: it checks distances only against the output it has.
    expect(
      new Uint8Array(zlib.inflateRawSync(concat(compressed, Uint8Array.of(0, 0, 0xff, 0xff)), { windowBits: 10, finishFlush: zlib.constants.Z_SYNC_FLUSH })),
    ).toEqual(data);
  });

  it('stops a deflate bomb at the output limit, and reports truncated data', () => {
    const before = process.memoryUsage().arrayBuffers;
    const bomb = new ZlibInflater({ windowBits: 15, contextTakeover: true, maxOutputLength: 16 << 20 }).inflateMessage([deflateBomb(1 << 30)]);
    expect(bomb).toMatchObject({ ok: false, reason: 'too-big' });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
    const compressed = zlib.deflateRawSync(json(3, 500));
    expect(compressed.length).toBeGreaterThanOrEqual(ZLIB_MIN_INPUT);
    const inflater = () => new ZlibInflater({ windowBits: 15, contextTakeover: false, maxOutputLength: 1 << 24 });
    expect(inflater().inflateMessage([compressed])).toEqual({ ok: true, data: json(3, 500) });
    expect(inflater().inflateMessage([compressed.subarray(0, compressed.length - 3)])).toMatchObject({ ok: false, reason: 'invalid' });
    expect(inflater().inflateMessage([compressed.subarray(0, compressed.length >> 1)])).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('never throws, and agrees with the pure inflater on arbitrary and on damaged input', () => {
    const damaged = fc
      .tuple(
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom(1, 6, 9),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
      )
      .map(([seed, level, flips]) => {
        const bytes = new Uint8Array(zlib.deflateRawSync(json(seed, 150), { level }));
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        return bytes;
      });
    const input = fc.oneof(damaged, fc.uint8Array({ minLength: ZLIB_MIN_INPUT, maxLength: 3000 }));
    fc.assert(
      fc.property(input, fc.constantFrom(1000, 1 << 16), (bytes, maxOutputLength) => {
        const options = { windowBits: 15, contextTakeover: false, maxOutputLength };
        expect(bytes.length).toBeGreaterThanOrEqual(ZLIB_MIN_INPUT);
        const viaZlib = new ZlibInflater(options).inflateMessage([bytes]);
        const pure = new RawInflater(options).inflateMessage([bytes]);
        expect(viaZlib.ok).toBe(pure.ok);
        if (pure.ok) expect(viaZlib).toEqual(pure);
        // zlib inflates 16 KiB at a time: a message both too big and broken may fail on either count.
        else if (maxOutputLength > 16384) expect(viaZlib).toMatchObject({ reason: pure.reason });
      }),
      { numRuns: 3000 },
    );
  });
});
