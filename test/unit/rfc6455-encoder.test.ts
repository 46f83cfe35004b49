import { describe, expect, it } from 'vitest';
import { encodeFrame, encodeMessage, FrameParser, joinFrames, MessageEncoder } from '../../src/rfc6455/index.ts';
import { hex } from '../fixtures/rfc6455/split.ts';

describe('encoder', () => {
  it('describes each frame for the hex dump: header bytes, extended length, mask key', () => {
    const [frame] = encodeMessage({ type: 'binary', data: new Uint8Array(300) }, { role: 'client', maskKey: hex('01020304') });
    expect(frame).toMatchObject({
      fin: true,
      opcode: 2,
      masked: true,
      maskKey: hex('01020304'),
      payloadLength: 300,
      lengthBits: 16,
      extendedLengthBytes: hex('012c'),
      headerLength: 8,
      headerBytes: hex('82fe012c01020304'),
    });
    expect(frame!.bytes.subarray(8, 12)).toEqual(hex('01020304')); // zeros XOR key
    expect(frame!.payload).toEqual(new Uint8Array(300));
  });

  it('calls a mask key function once per frame, and servers never mask', () => {
    let calls = 0;
    const maskKey = () => Uint8Array.of(calls++, 0, 0, 0);
    const frames = encodeMessage({ type: 'text', data: 'abcdefgh' }, { role: 'client', maskKey, fragmentSize: 3 });
    expect(frames.map((frame) => frame.maskKey![0])).toEqual([0, 1, 2]);
    expect(frames.map((frame) => frame.opcode)).toEqual([1, 0, 0]);
    expect(frames.map((frame) => frame.fin)).toEqual([false, false, true]);
    expect(encodeMessage({ type: 'text', data: 'abcdefgh' }, { role: 'server', maskKey }).every((frame) => !frame.masked)).toBe(true);
  });

  it('uses random mask keys by default', () => {
    const keys = Array.from({ length: 4 }, () => encodeMessage({ type: 'ping' }, { role: 'client' })[0]!.maskKey!.join());
    expect(new Set(keys).size).toBeGreaterThan(1);
  });

  it('encodes close code and reason, and an empty close', () => {
    expect(joinFrames(encodeMessage({ type: 'close', closeCode: 1001, closeReason: 'bye' }, { role: 'server' }))).toEqual(hex('880503e9627965'));
    expect(joinFrames(encodeMessage({ type: 'close' }, { role: 'server' }))).toEqual(hex('8800'));
  });

  it('never compresses or fragments control frames', () => {
    const encoder = new MessageEncoder({
      role: 'server',
      deflate: { clientNoContextTakeover: false, serverNoContextTakeover: false, clientMaxWindowBits: 15, serverMaxWindowBits: 15 },
      fragmentSize: 2,
    });
    const [ping, ...rest] = encoder.encode({ type: 'ping', data: 'hello' });
    expect(rest).toEqual([]);
    expect(ping).toMatchObject({ rsv1: false, fin: true, payloadLength: 5 });
  });

  it('refuses frames RFC 6455 forbids', () => {
    expect(() => encodeMessage({ type: 'ping', data: new Uint8Array(126) }, { role: 'server' })).toThrow(RangeError);
    expect(() => encodeFrame({ fin: false, opcode: 0x9, payload: new Uint8Array(0), maskKey: null })).toThrow(RangeError);
    expect(() => encodeFrame({ fin: true, opcode: 0x1, payload: new Uint8Array(0), maskKey: new Uint8Array(3) })).toThrow(RangeError);
    expect(() => new MessageEncoder({ role: 'server', fragmentSize: 0 })).toThrow(RangeError);
  });

  it('round-trips through the parser with the same header breakdown', () => {
    const frames = encodeMessage({ type: 'binary', data: new Uint8Array(70000).fill(7) }, { role: 'client', maskKey: hex('a1b2c3d4'), fragmentSize: 40000 });
    const parsed = new FrameParser({ role: 'client' }).push(joinFrames(frames)).filter((event) => event.kind === 'frame');
    const breakdown = ({
      fin,
      opcode,
      maskKey,
      payloadLength,
      lengthBits,
      extendedLengthBytes,
      headerLength,
      headerBytes,
      payload,
    }: (typeof parsed)[number]) => ({ fin, opcode, maskKey, payloadLength, lengthBits, extendedLengthBytes, headerLength, headerBytes, payload });
    expect(parsed.map(breakdown)).toEqual(frames.map((frame) => breakdown({ ...frame, kind: 'frame', offset: 0, payloadOffset: 0, warnings: [] })));
  });
});
