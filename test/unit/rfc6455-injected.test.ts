import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFLATE_PARAMS, joinFrames, MessageEncoder, type ParserOptions, type Role } from '../../src/rfc6455/index.ts';
import { fingerprint, parseChunks, parseEverySplit, seededRandom, splitAt } from '../fixtures/rfc6455/split.ts';

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
