import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFLATE_PARAMS, joinFrames, MessageEncoder, type DeflateParams, type MessageEvent, type Role } from '../../src/rfc6455/index.ts';
import { errorsOf, messagesOf, parseEverySplit, seededRandom } from '../fixtures/rfc6455/split.ts';
import { wsReceive, wsSend, type PlainMessage } from '../fixtures/rfc6455/ws-peer.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const random = seededRandom(7);
const noise = Uint8Array.from({ length: 3000 }, () => Math.floor(random() * 256));
const repetitive = utf8('{"event":"tick","price":101.25,"symbol":"ÆØÅ-€"}'.repeat(40));

const MESSAGES: PlainMessage[] = [
  { type: 'text', data: utf8('Hello') },
  { type: 'text', data: utf8('naïve café — 日本語 🎉 '.repeat(20)) },
  { type: 'binary', data: noise },
  { type: 'ping', data: utf8('are you there') },
  { type: 'text', data: repetitive },
  { type: 'binary', data: new Uint8Array(0) },
  { type: 'pong', data: new Uint8Array(0) },
  { type: 'text', data: repetitive },
  { type: 'binary', data: new Uint8Array(70000).fill(0x2a) },
  { type: 'close', data: new Uint8Array(0), closeCode: 1000, closeReason: 'bye ✓' },
];

/** Compares what matters: type and payload, and code and reason for close. */
function normalise(messages: (PlainMessage | MessageEvent)[]) {
  return messages.map((message) =>
    message.type === 'close'
      ? { type: 'close', closeCode: message.closeCode, closeReason: message.closeReason }
      : { type: message.type, data: Array.from(message.data) },
  );
}

const deflateCases: [string, DeflateParams][] = [
  ['default parameters (context takeover)', { ...DEFAULT_DEFLATE_PARAMS }],
  ['no context takeover both ways', { ...DEFAULT_DEFLATE_PARAMS, clientNoContextTakeover: true, serverNoContextTakeover: true }],
  ['small windows (9 and 10 bits)', { ...DEFAULT_DEFLATE_PARAMS, clientMaxWindowBits: 9, serverMaxWindowBits: 10 }],
];

describe.each<Role>(['client', 'server'])('streams sent by a %s', (role) => {
  it('decodes ws frames, whole and fragmented, to the same messages under every split', async () => {
    for (const fragments of [1, 3]) {
      const bytes = await wsSend(role, MESSAGES, { fragments, maskKey: Uint8Array.of(1, 2, 3, 4) });
      const events = parseEverySplit(bytes, { role }, fragments);
      expect(errorsOf(events)).toEqual([]);
      expect(normalise(messagesOf(events))).toEqual(normalise(MESSAGES));
      expect(events.some((event) => event.kind === 'frame' && event.masked)).toBe(role === 'client');
    }
  });

  it.each(deflateCases)('decodes ws permessage-deflate with %s', async (_name, params) => {
    for (const fragments of [1, 2]) {
      const bytes = await wsSend(role, MESSAGES, { deflate: params, fragments });
      const events = parseEverySplit(bytes, { role, deflate: params }, fragments + 10);
      expect(errorsOf(events)).toEqual([]);
      expect(normalise(messagesOf(events))).toEqual(normalise(MESSAGES));
      const compressed = messagesOf(events).filter((message) => message.compressed);
      expect(compressed.length).toBe(7); // every data message; control frames are never compressed
      expect(compressed[6]!.compressed).toEqual({ compressedLength: expect.any(Number), inflatedLength: 70000 });
    }
  });

  it('ws decodes our frames, plain and fragmented', async () => {
    for (const fragmentSize of [undefined, 7]) {
      const encoder = new MessageEncoder({ role, fragmentSize });
      const bytes = joinFrames(MESSAGES.flatMap((message) => encoder.encode(message)));
      expect(normalise(await wsReceive(role, bytes, MESSAGES.length))).toEqual(normalise(MESSAGES));
    }
  });

  it.each(deflateCases)('ws inflates our permessage-deflate with %s', async (_name, params) => {
    for (const fragmentSize of [undefined, 100]) {
      const encoder = new MessageEncoder({ role, deflate: params, fragmentSize });
      const frames = MESSAGES.flatMap((message) => encoder.encode(message));
      const received = await wsReceive(role, joinFrames(frames), MESSAGES.length, params);
      expect(normalise(received)).toEqual(normalise(MESSAGES));
    }
  });

  it('context takeover makes a repeated message smaller, and only when allowed', () => {
    const sizes = (params: DeflateParams) => {
      const encoder = new MessageEncoder({ role, deflate: params });
      return [0, 1].map(() => encoder.encode({ type: 'binary', data: noise })[0]!.payloadLength);
    };
    const [first, second] = sizes(DEFAULT_DEFLATE_PARAMS);
    expect(first).toBeGreaterThan(noise.length); // random bytes do not compress on their own
    expect(second).toBeLessThan(first! / 4);
    const [firstAlone, secondAlone] = sizes({ ...DEFAULT_DEFLATE_PARAMS, clientNoContextTakeover: true, serverNoContextTakeover: true });
    expect(secondAlone).toBe(firstAlone);
  });
});
