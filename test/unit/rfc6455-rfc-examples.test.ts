import { describe, expect, it } from 'vitest';
import { encodeMessage, joinFrames, type FrameEvent } from '../../src/rfc6455/index.ts';
import { errorsOf, hex, messagesOf, parseEverySplit } from '../fixtures/rfc6455/split.ts';

const MASK = hex('37fa213d');

// RFC 6455 section 5.7, byte for byte.
describe('RFC 6455 section 5.7 examples', () => {
  it('single-frame unmasked text "Hello"', () => {
    const bytes = hex('810548656c6c6f');
    const events = parseEverySplit(bytes, { role: 'server' });
    const frame = events[0] as FrameEvent;
    expect(frame).toMatchObject({
      kind: 'frame',
      fin: true,
      opcode: 1,
      masked: false,
      maskKey: null,
      payloadLength: 5,
      headerLength: 2,
      offset: 0,
      payloadOffset: 2,
    });
    expect(messagesOf(events)).toMatchObject([{ type: 'text', text: 'Hello' }]);
    expect(errorsOf(events)).toEqual([]);
    expect(joinFrames(encodeMessage({ type: 'text', data: 'Hello' }, { role: 'server' }))).toEqual(bytes);
  });

  it('single-frame masked text "Hello"', () => {
    const bytes = hex('818537fa213d7f9f4d5158');
    const events = parseEverySplit(bytes, { role: 'client' });
    expect(events[0]).toMatchObject({ masked: true, maskKey: MASK, headerLength: 6, payloadOffset: 6, headerBytes: hex('818537fa213d') });
    expect(messagesOf(events)).toMatchObject([{ type: 'text', text: 'Hello' }]);
    expect(joinFrames(encodeMessage({ type: 'text', data: 'Hello' }, { role: 'client', maskKey: MASK }))).toEqual(bytes);
  });

  it('fragmented unmasked text "Hel" + "lo"', () => {
    const bytes = hex('010348656c80026c6f');
    const events = parseEverySplit(bytes, { role: 'server' });
    expect(events.filter((event) => event.kind === 'frame')).toMatchObject([
      { fin: false, opcode: 1, payloadLength: 3, offset: 0 },
      { fin: true, opcode: 0, payloadLength: 2, offset: 5 },
    ]);
    expect(messagesOf(events)).toMatchObject([{ type: 'text', text: 'Hello', frameCount: 2, offset: 0 }]);
    expect(joinFrames(encodeMessage({ type: 'text', data: 'Hello' }, { role: 'server', fragmentSize: 3 }))).toEqual(bytes);
  });

  it('unmasked ping "Hello" and masked pong "Hello"', () => {
    const ping = hex('890548656c6c6f');
    expect(messagesOf(parseEverySplit(ping, { role: 'server' }))).toMatchObject([{ type: 'ping', data: new TextEncoder().encode('Hello') }]);
    expect(joinFrames(encodeMessage({ type: 'ping', data: 'Hello' }, { role: 'server' }))).toEqual(ping);

    const pong = hex('8a8537fa213d7f9f4d5158');
    expect(messagesOf(parseEverySplit(pong, { role: 'client' }))).toMatchObject([{ type: 'pong', data: new TextEncoder().encode('Hello') }]);
    expect(joinFrames(encodeMessage({ type: 'pong', data: 'Hello' }, { role: 'client', maskKey: MASK }))).toEqual(pong);
  });

  it('256 bytes binary in a single unmasked frame uses the 16-bit length', () => {
    const payload = Uint8Array.from({ length: 256 }, (_, i) => i);
    const bytes = new Uint8Array([0x82, 0x7e, 0x01, 0x00, ...payload]);
    const events = parseEverySplit(bytes, { role: 'server' });
    expect(events[0]).toMatchObject({ lengthBits: 16, extendedLengthBytes: hex('0100'), headerLength: 4, payloadLength: 256, nonMinimalLength: false });
    expect(messagesOf(events)).toMatchObject([{ type: 'binary', data: payload }]);
    expect(joinFrames(encodeMessage({ type: 'binary', data: payload }, { role: 'server' }))).toEqual(bytes);
  });

  it('64KiB binary in a single unmasked frame uses the 64-bit length', () => {
    const payload = Uint8Array.from({ length: 65536 }, (_, i) => (i * 31) & 0xff);
    const header = hex('827f0000000000010000');
    const bytes = new Uint8Array([...header, ...payload]);
    const events = parseEverySplit(bytes, { role: 'server' });
    expect(events[0]).toMatchObject({ lengthBits: 64, extendedLengthBytes: hex('0000000000010000'), headerLength: 10, payloadLength: 65536 });
    expect(messagesOf(events)).toMatchObject([{ type: 'binary', data: payload }]);
    expect(joinFrames(encodeMessage({ type: 'binary', data: payload }, { role: 'server' }))).toEqual(bytes);
  });
});
