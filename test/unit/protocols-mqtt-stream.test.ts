// The MQTT decoder across messages: several packets in one message, one packet across messages (per
// direction), framing that is not MQTT, detection, and fuzzing (random bytes, mutated real packets, and
// "however a valid stream is cut into messages, the same packets come out").
import fc from 'fast-check';
import mqttPacket, { type Packet } from 'mqtt-packet';
import { describe, expect, test } from 'vitest';
import { mqttDecoder } from '../../src/protocols/mqtt';
import { detectProtocol } from '../../src/protocols/registry';
import type { DecodedItem, MessageInput } from '../../src/protocols/types';
import { binary, decodeInOrder, valueAt } from './protocol-test-helpers';

const context = { url: 'ws://127.0.0.1/ws', protocol: '', requestedProtocols: [] };
const encode = (packet: Packet, protocolVersion: 4 | 5 = 4): Uint8Array => new Uint8Array(mqttPacket.generate(packet, { protocolVersion }));
const connect = (protocolVersion: 4 | 5) => encode({ cmd: 'connect', protocolVersion, clientId: 'c', clean: true, keepalive: 0 } as Packet, protocolVersion);
const publish = (topic: string, payload: Uint8Array | string, qos: 0 | 1 = 0): Packet =>
  ({
    cmd: 'publish',
    topic,
    payload: typeof payload === 'string' ? payload : Buffer.from(payload),
    qos,
    messageId: qos ? 1 : undefined,
    retain: false,
    dup: false,
  }) as Packet;
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
const decode = (...messages: MessageInput[]) => decodeInOrder(mqttDecoder, messages, context);

describe('packets and messages', () => {
  test('several packets in one message are one item each', () => {
    const [message] = decode(binary('receive', concat(encode(publish('a', 'x')), encode(publish('b', 'y')), encode({ cmd: 'pingresp' }))));
    expect(message!.summary).toBe('PUBLISH a +2');
    expect(message!.items.map((item) => `${item.type} ${item.key ?? ''}`.trim())).toEqual(['PUBLISH a', 'PUBLISH b', 'PINGRESP']);
    expect(message!.continuation).toBeUndefined();
  });

  test('a packet split across messages: the partial ones say how far, the last carries the packet; the other direction is untouched', () => {
    const packet = encode(publish('sensors/camera', new Uint8Array(4000 - 19).fill(7)));
    expect(packet.length).toBe(4000);
    const messages = decode(
      binary('send', packet.subarray(0, 120)),
      binary('receive', encode({ cmd: 'pingresp' })),
      binary('send', packet.subarray(120, 2120)),
      binary('send', packet.subarray(2120)),
    );
    expect(messages.map((message) => [message.summary, message.continuation])).toEqual([
      ['partial PUBLISH, 120 of 4000 bytes', undefined],
      ['PINGRESP', undefined],
      ['partial PUBLISH, 2120 of 4000 bytes', true],
      ['PUBLISH sensors/camera', true],
    ]);
    const item = messages[3]!.items[0]!;
    expect(item.error).toBeUndefined();
    expect(valueAt(item, 'reassembled from')).toBe('3 WebSocket messages');
    expect(valueAt(item, 'payload size')).toBe('3981 bytes');
    expect(valueAt(item, 'payload')).toMatch(/^07 07 /);
    expect(messages[0]!.items[0]).toMatchObject({ type: 'partial PUBLISH', fields: { type: 'PUBLISH', partial: 'true' } });
  });

  test('a message ending one packet and starting others is not a mere continuation', () => {
    const big = encode(publish('big', 'p'.repeat(300)));
    const [, second] = decode(
      binary('send', big.subarray(0, 10)),
      binary('send', concat(big.subarray(10), encode({ cmd: 'pingreq' }), encode(publish('next', 'n')).subarray(0, 4))),
    );
    expect(second!.continuation).toBeUndefined();
    expect(second!.summary).toBe('PUBLISH big +2');
    expect(second!.items.map((item) => item.type)).toEqual(['PUBLISH', 'PINGREQ', 'partial PUBLISH']);
  });

  test('a fixed header cut inside its remaining length', () => {
    const packet = encode(publish('t', 'z'.repeat(200)));
    const messages = decode(binary('send', packet.subarray(0, 1)), binary('send', packet.subarray(1, 2)), binary('send', packet.subarray(2)));
    expect(messages.map((message) => message.summary)).toEqual([
      'partial PUBLISH, 1 byte, length not known yet',
      'partial PUBLISH, 2 bytes, length not known yet',
      'PUBLISH t',
    ]);
  });

  test('the protocol level from CONNECT decides how later packets read', () => {
    const v5Puback = new Uint8Array([0x40, 0x03, 0x00, 0x01, 0x10]);
    const [, asV5] = decode(binary('send', connect(5)), binary('receive', v5Puback));
    expect(asV5!.summary).toBe('PUBACK 1 No matching subscribers');
    const [, asV4] = decode(binary('send', connect(4)), binary('receive', v5Puback));
    expect(asV4!.items[0]!.error).toBe('1 byte left over after the last field');
  });
});

describe('what is not MQTT', () => {
  test('a reserved packet type, a 5-byte remaining length, text: specific errors; an empty message is no bytes, not an error', () => {
    const [reserved, long, text, empty] = decode(
      binary('send', new Uint8Array([0x00, 0x00])),
      binary('send', new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])),
      { direction: 'send', kind: 'text', text: '{"hello":1}' },
      binary('send', new Uint8Array(0)),
    );
    expect(reserved!.error).toBe('at byte 0: packet type 0 is reserved (first byte 00): not an MQTT packet');
    expect(reserved!.summary).toBe('malformed: at byte 0: packet type 0 is reserved (first byte 00): not an MQTT packet');
    expect(long!.error).toBe('at byte 0: remaining length is longer than 4 bytes: not an MQTT packet');
    expect(text!.error).toBe('MQTT travels in binary WebSocket messages; this one is text');
    expect(empty).toEqual({ protocol: 'mqtt', summary: 'empty message', items: [] });
  });

  test('garbage after good packets is reported, and the next message starts afresh', () => {
    const [mixed, next] = decode(binary('send', concat(encode({ cmd: 'pingreq' }), new Uint8Array([0x05, 0x01]))), binary('send', encode({ cmd: 'pingreq' })));
    expect(mixed!.items.map((item) => [item.type, item.error])).toEqual([
      ['PINGREQ', undefined],
      ['not MQTT', 'at byte 2: packet type 0 is reserved (first byte 05): not an MQTT packet; the rest of this message is skipped'],
    ]);
    expect(next!.summary).toBe('PINGREQ');
  });
});

describe('detection', () => {
  const binaryConnect = [binary('send', connect(4))];

  test('the sub-protocol outscores a sniffed CONNECT, which outscores a /mqtt path', () => {
    const bySubprotocol = mqttDecoder.detect({ url: 'wss://x/', protocol: 'mqtt', requestedProtocols: ['mqtt'] }, []);
    const byOldSubprotocol = mqttDecoder.detect({ url: 'wss://x/', protocol: 'mqttv3.1', requestedProtocols: ['mqttv3.1'] }, []);
    const byConnect = mqttDecoder.detect(context, binaryConnect);
    const byPath = mqttDecoder.detect({ url: 'wss://broker.example/mqtt', protocol: '', requestedProtocols: [] }, []);
    expect(bySubprotocol).toBe(byOldSubprotocol);
    expect(bySubprotocol).toBeGreaterThan(byConnect);
    expect(byConnect).toBeGreaterThan(byPath);
    expect(byPath).toBeGreaterThan(0.5);
    const mqIsdp = new Uint8Array([0x10, 0x0c, 0x00, 0x06, ...Buffer.from('MQIsdp'), 0x03, 0x02, 0x00, 0x00]);
    expect(mqttDecoder.detect(context, [binary('send', mqIsdp)])).toBe(byConnect);
    expect(detectProtocol(context, binaryConnect)?.id).toBe('mqtt');
  });

  test('a CONNECT sent a few bytes per message (as mqtt.js in Node does) is still recognised', () => {
    const bytes = connect(4);
    const pieces = [bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2, 4), bytes.subarray(4, 8), bytes.subarray(8)];
    expect(
      mqttDecoder.detect(
        context,
        pieces.map((piece) => binary('send', piece)),
      ),
    ).toBe(mqttDecoder.detect(context, binaryConnect));
  });

  test('JSON chat, other binary and a /mqtt path carrying text are not claimed', () => {
    const text = (value: string): MessageInput => ({ direction: 'send', kind: 'text', text: value });
    expect(mqttDecoder.detect(context, [text('{"type":"chat","text":"hi"}')])).toBe(0);
    expect(mqttDecoder.detect({ ...context, url: 'wss://x/mqtt' }, [text('CONNECT')])).toBe(0);
    expect(mqttDecoder.detect(context, [binary('send', new Uint8Array([0x10, 0x02, 0x00, 0x04]))])).toBe(0);
    expect(mqttDecoder.detect(context, [binary('send', encode(publish('a', 'b')))])).toBe(0);
  });
});

describe('fuzz', () => {
  const corpus: Uint8Array[] = [
    connect(5),
    encode(publish('sensors/kitchen', '{"t":1}', 1), 5),
    encode({ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: 'a/#', qos: 1, nl: true }], properties: { subscriptionIdentifier: 3 } }, 5),
    encode({ cmd: 'connack', reasonCode: 0, sessionPresent: false, properties: { topicAliasMaximum: 3, userProperties: { a: 'b' } } }, 5),
    encode({ cmd: 'puback', messageId: 1, reasonCode: 0x10, properties: { reasonString: 'none' } }, 5),
    encode({ cmd: 'suback', messageId: 2, granted: [1] }, 5),
    encode({ cmd: 'disconnect', reasonCode: 0x04, properties: { sessionExpiryInterval: 1 } }, 5),
    encode({ cmd: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'x' } }, 5),
  ];
  const wellFormed = (message: ReturnType<typeof decode>[number]) =>
    message.protocol === 'mqtt' &&
    typeof message.summary === 'string' &&
    Array.isArray(message.items) &&
    message.items.every((item) => typeof item.type === 'string');

  test('decode never throws and always returns a DecodedMessage, on random bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 64 })), { maxLength: 12 }), (messages) => {
        const decoded = decode(...messages.map(([sent, bytes]) => binary(sent ? 'send' : 'receive', bytes)));
        return decoded.every(wellFormed);
      }),
      { numRuns: 500 },
    );
  });

  test('decode never throws on mutated real packets cut at random places', () => {
    const stream = concat(...corpus);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(stream.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 10 }),
        (flips, cuts) => {
          const mutated = stream.slice();
          for (const [at, value] of flips) mutated[at] = value;
          const bounds = [0, ...cuts.sort((a, b) => a - b), mutated.length];
          const messages = bounds.slice(1).map((end, index) => binary(index % 3 === 2 ? 'receive' : 'send', mutated.subarray(bounds[index], end)));
          return decode(...messages).every(wellFormed);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('however a valid stream is cut into messages, the same packets come out', () => {
    const stream = concat(...corpus.slice(0, 3), encode({ cmd: 'pingreq' }), encode(publish('x', 'y'.repeat(300)), 5));
    const packets = (items: DecodedItem[]) =>
      items
        .filter((item) => !item.type.startsWith('partial'))
        .map(({ tree, ...rest }) => ({ ...rest, tree: tree.filter((node) => node.label !== 'reassembled from') }));
    const whole = packets(decode(binary('send', stream))[0]!.items);
    expect(whole).toHaveLength(5);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 20 }), (cuts) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const decoded = decode(...bounds.slice(1).map((end, index) => binary('send', stream.subarray(bounds[index], end))));
        expect(packets(decoded.flatMap((message) => message.items))).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});
