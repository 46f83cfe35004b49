import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFLATE_PARAMS, joinFrames, MessageEncoder, type MessageType, type ParserOptions } from '../../src/rfc6455/index.ts';
import { fingerprint, parseChunks, splitAt } from '../fixtures/rfc6455/split.ts';

const MAX = 4096;

const parserOptions: fc.Arbitrary<ParserOptions> = fc.record({
  role: fc.constantFrom('client' as const, 'server' as const),
  deflate: fc.constantFrom(null, DEFAULT_DEFLATE_PARAMS, { ...DEFAULT_DEFLATE_PARAMS, clientNoContextTakeover: true, serverMaxWindowBits: 9 }),
  maxMessageSize: fc.constant(MAX),
});

const cuts = fc.array(fc.nat(), { maxLength: 10 });

/** Parses whole and split; checks nothing threw, both agree, and messages respect the limit. */
function checkStream(bytes: Uint8Array, options: ParserOptions, cutPoints: number[]): void {
  const whole = parseChunks([bytes], options);
  const split = parseChunks(
    splitAt(
      bytes,
      cutPoints.map((cut) => cut % (bytes.length + 1)),
    ),
    options,
  );
  expect(fingerprint(split)).toBe(fingerprint(whole));
  const withoutFrames = parseChunks([bytes], { ...options, frameEvents: false });
  expect(fingerprint(withoutFrames)).toBe(fingerprint(whole.filter((event) => event.kind !== 'frame')));
  const errors = whole.filter((event) => event.kind === 'error');
  expect(errors.length).toBeLessThanOrEqual(1);
  if (errors.length === 1) expect(whole.at(-1)).toBe(errors[0]);
  for (const event of whole) {
    if (event.kind === 'message') expect(event.data.length).toBeLessThanOrEqual(MAX);
    if (event.kind === 'error') {
      expect(event.code).toMatch(/^WS_ERR_/);
      expect([1002, 1006, 1007, 1009]).toContain(event.closeCode);
      expect(event.offset).toBeGreaterThanOrEqual(0);
      expect(event.offset).toBeLessThanOrEqual(bytes.length);
    }
  }
}

const message = fc.record({
  type: fc.constantFrom<MessageType>('text', 'binary', 'ping', 'pong'),
  data: fc.uint8Array({ maxLength: 120 }),
  text: fc.string({ unit: 'grapheme', maxLength: 60 }),
});

/** A valid stream from our encoder, then damaged: bytes flipped, cut out or inserted. */
const mutatedStream = fc
  .tuple(
    fc.array(message, { minLength: 1, maxLength: 6 }),
    parserOptions,
    fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    fc.array(fc.tuple(fc.constantFrom('flip', 'delete', 'insert'), fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
  )
  .map(([messages, options, fragmentSize, mutations]) => {
    const encoder = new MessageEncoder({ role: options.role, deflate: options.deflate, fragmentSize, maskKey: () => Uint8Array.of(0x11, 0x22, 0x33, 0x44) });
    const frames = messages.flatMap((m) => encoder.encode(m.type === 'text' ? { type: 'text', data: m.text } : { type: m.type, data: m.data }));
    const bytes = Array.from(joinFrames(frames));
    for (const [kind, at, value] of mutations) {
      const index = at % (bytes.length + 1);
      if (kind === 'flip') bytes[index % bytes.length] = value;
      else if (kind === 'delete') bytes.splice(index, 1);
      else bytes.splice(index, 0, value);
    }
    return { bytes: Uint8Array.from(bytes), options, intact: mutations.length === 0, count: messages.length };
  });

describe('fuzzing the parser', () => {
  it('arbitrary bytes: never throws, same events however split, bounded messages', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), parserOptions, cuts, checkStream), { numRuns: 3000 });
  });

  it('arbitrary frame headers: random first bytes in front of plausible payloads', () => {
    const headerish = fc
      .tuple(fc.uint8Array({ minLength: 2, maxLength: 14 }), fc.uint8Array({ maxLength: 300 }))
      .map(([header, rest]) => Uint8Array.from([...header, ...rest]));
    fc.assert(
      fc.property(
        fc.array(headerish, { maxLength: 5 }).map((parts) => Uint8Array.from(parts.flatMap((part) => [...part]))),
        parserOptions,
        cuts,
        checkStream,
      ),
      { numRuns: 3000 },
    );
  });

  it('mutated valid streams: never throws; untouched ones decode without error', () => {
    fc.assert(
      fc.property(mutatedStream, cuts, ({ bytes, options, intact, count }, cutPoints) => {
        checkStream(bytes, options, cutPoints);
        if (intact) {
          const events = parseChunks([bytes], options);
          expect(events.filter((event) => event.kind === 'error')).toEqual([]);
          expect(events.filter((event) => event.kind === 'message')).toHaveLength(count);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
