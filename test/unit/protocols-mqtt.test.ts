// The MQTT decoder, packet by packet: packets built by mqtt-packet (the codec mqtt.js uses) for 3.1, 3.1.1
// and 5.0, and hand-made bytes for what a real codec would never write.
import mqttPacket, { type Packet } from 'mqtt-packet';
import { describe, expect, test } from 'vitest';
import { mqttDecoder } from '../../src/protocols/mqtt';
import type { DecodedItem, DecodedMessage, MessageInput } from '../../src/protocols/types';
import { binary, decodeInOrder, nodeAt, valueAt } from './protocol-test-helpers';

const context = { url: 'ws://127.0.0.1/mqtt', protocol: 'mqtt', requestedProtocols: ['mqtt'] };

type Version = 3 | 4 | 5;
const encode = (packet: Packet, protocolVersion: Version): Uint8Array => new Uint8Array(mqttPacket.generate(packet, { protocolVersion }));
const connectPacket = (protocolVersion: Version): Packet =>
  ({ cmd: 'connect', protocolVersion, protocolId: protocolVersion === 3 ? 'MQIsdp' : 'MQTT', clientId: 'client-id', clean: true, keepalive: 30 }) as Packet;

/** A connection that opened with a CONNECT of `version`, then `packets` (direction first); the decoded messages after the CONNECT. */
function afterConnect(version: Version, ...packets: [MessageInput['direction'], Packet | Uint8Array][]): DecodedMessage[] {
  const messages = [binary('send', encode(connectPacket(version), version))];
  for (const [direction, packet] of packets) messages.push(binary(direction, packet instanceof Uint8Array ? packet : encode(packet, version)));
  return decodeInOrder(mqttDecoder, messages, context).slice(1);
}

/** The one item of the one message after the CONNECT. */
function one(version: Version, direction: MessageInput['direction'], packet: Packet | Uint8Array): DecodedItem {
  const [message] = afterConnect(version, [direction, packet]);
  expect(message!.items).toHaveLength(1);
  return message!.items[0]!;
}

function decodeOne(direction: MessageInput['direction'], bytes: Uint8Array): DecodedMessage {
  return decodeInOrder(mqttDecoder, [binary(direction, bytes)], context)[0]!;
}

describe('CONNECT', () => {
  test('3.1.1: flags, keep alive, client id, will, user name and a password marked secret', () => {
    const bytes = encode(
      {
        cmd: 'connect',
        protocolVersion: 4,
        protocolId: 'MQTT',
        clientId: 'kitchen-sensor',
        clean: true,
        keepalive: 60,
        username: 'alice',
        password: Buffer.from('s3cret'),
        will: { topic: 'status/kitchen', payload: Buffer.from('offline'), qos: 1, retain: true },
      },
      4,
    );
    const message = decodeOne('send', bytes);
    expect(message.summary).toBe('CONNECT kitchen-sensor');
    const item = message.items[0]!;
    expect(item.error).toBeUndefined();
    expect(item.fields).toMatchObject({ type: 'CONNECT', client: 'kitchen-sensor', username: 'alice' });
    expect(valueAt(item, 'protocol name')).toBe('MQTT');
    expect(valueAt(item, 'protocol level')).toBe('4 (MQTT 3.1.1)');
    expect(valueAt(item, 'keep alive (seconds)')).toBe('60');
    expect(valueAt(item, 'connect flags', 'clean session')).toBe('true');
    expect(valueAt(item, 'connect flags', 'will QoS')).toBe('1');
    expect(valueAt(item, 'will', 'topic')).toBe('status/kitchen');
    expect(valueAt(item, 'will', 'payload')).toBe('offline');
    expect(valueAt(item, 'will', 'retain')).toBe('true');
    expect(valueAt(item, 'user name')).toBe('alice');
    expect(valueAt(item, 'password (secret)')).toBe('s3cret');
    expect(nodeAt(item.tree, 'properties')).toBeUndefined();
  });

  test('3.1: protocol name MQIsdp at level 3', () => {
    const item = decodeOne('send', encode(connectPacket(3), 3)).items[0]!;
    expect(item.error).toBeUndefined();
    expect(valueAt(item, 'protocol name')).toBe('MQIsdp');
    expect(valueAt(item, 'protocol level')).toBe('3 (MQTT 3.1)');
  });

  test('5.0: connect and will properties by name, clean start', () => {
    const bytes = encode(
      {
        cmd: 'connect',
        protocolVersion: 5,
        protocolId: 'MQTT',
        clientId: 'v5-client',
        clean: true,
        keepalive: 10,
        properties: {
          sessionExpiryInterval: 3600,
          receiveMaximum: 20,
          maximumPacketSize: 1048576,
          topicAliasMaximum: 8,
          requestResponseInformation: true,
          requestProblemInformation: false,
          userProperties: { app: 'inspector', tags: ['a', 'b'] },
          authenticationMethod: 'SCRAM-SHA-1',
          authenticationData: Buffer.from([1, 2, 0xff]),
        },
        will: {
          topic: 'status/v5',
          payload: Buffer.from('{"online":false}'),
          qos: 2,
          retain: false,
          properties: {
            willDelayInterval: 5,
            payloadFormatIndicator: true,
            messageExpiryInterval: 120,
            contentType: 'application/json',
            responseTopic: 'replies',
            correlationData: Buffer.from('abc'),
          },
        },
      },
      5,
    );
    const item = decodeOne('send', bytes).items[0]!;
    expect(item.error).toBeUndefined();
    expect(valueAt(item, 'protocol level')).toBe('5 (MQTT 5.0)');
    expect(valueAt(item, 'connect flags', 'clean start')).toBe('true');
    expect(valueAt(item, 'properties', 'Session Expiry Interval')).toBe('3600');
    expect(valueAt(item, 'properties', 'Receive Maximum')).toBe('20');
    expect(valueAt(item, 'properties', 'Maximum Packet Size')).toBe('1048576');
    expect(valueAt(item, 'properties', 'Topic Alias Maximum')).toBe('8');
    expect(valueAt(item, 'properties', 'Request Response Information')).toBe('1');
    expect(valueAt(item, 'properties', 'Request Problem Information')).toBe('0');
    expect(valueAt(item, 'properties', 'Authentication Method')).toBe('SCRAM-SHA-1');
    expect(valueAt(item, 'properties', 'Authentication Data')).toBe('01 02 ff');
    const userProperties = nodeAt(item.tree, 'properties')!.children!.filter((node) => node.label === 'User Property');
    expect(userProperties.map((node) => node.children!.map((child) => child.value))).toEqual([
      ['app', 'inspector'],
      ['tags', 'a'],
      ['tags', 'b'],
    ]);
    expect(valueAt(item, 'will', 'will properties', 'Will Delay Interval')).toBe('5');
    expect(valueAt(item, 'will', 'will properties', 'Payload Format Indicator')).toBe('1 (UTF-8 text)');
    expect(valueAt(item, 'will', 'will properties', 'Message Expiry Interval')).toBe('120');
    expect(valueAt(item, 'will', 'will properties', 'Content Type')).toBe('application/json');
    expect(valueAt(item, 'will', 'will properties', 'Response Topic')).toBe('replies');
    expect(valueAt(item, 'will', 'will properties', 'Correlation Data')).toBe('abc');
    expect(valueAt(item, 'will', 'payload', 'online')).toBe('false');
  });

  test('an empty client id (the server assigns one) gives the bare type as summary', () => {
    const message = decodeOne('send', encode({ ...connectPacket(4), clientId: '' } as Packet, 4));
    expect(message.summary).toBe('CONNECT');
  });

  test('a binary password is shown as hex', () => {
    const bytes = encode({ ...connectPacket(5), username: 'u', password: Buffer.from([0xc3, 0x28]) } as Packet, 5);
    expect(valueAt(decodeOne('send', bytes).items[0]!, 'password (secret)')).toBe('c3 28');
  });
});

describe('CONNACK', () => {
  test('3.1.1 return codes by name', () => {
    const accepted = one(4, 'receive', { cmd: 'connack', returnCode: 0, sessionPresent: true });
    expect(accepted).toMatchObject({ type: 'CONNACK', key: 'Connection Accepted' });
    expect(valueAt(accepted, 'session present')).toBe('true');
    expect(one(4, 'receive', { cmd: 'connack', returnCode: 5, sessionPresent: false }).key).toBe('not authorized');
    expect(one(4, 'receive', { cmd: 'connack', returnCode: 9, sessionPresent: false }).key).toBe('return code 9');
  });

  test('5.0: reason code and every CONNACK property by name', () => {
    const item = one(5, 'receive', {
      cmd: 'connack',
      reasonCode: 0,
      sessionPresent: false,
      properties: {
        sessionExpiryInterval: 60,
        receiveMaximum: 100,
        maximumQoS: 1,
        retainAvailable: true,
        maximumPacketSize: 65536,
        assignedClientIdentifier: 'auto-1',
        topicAliasMaximum: 10,
        reasonString: 'welcome',
        userProperties: { region: 'eu' },
        wildcardSubscriptionAvailable: false,
        subscriptionIdentifiersAvailable: true,
        sharedSubscriptionAvailable: false,
        serverKeepAlive: 45,
        responseInformation: 'resp/',
        serverReference: 'other.example',
        authenticationMethod: 'token',
        authenticationData: Buffer.from([9]),
      },
    });
    expect(item.error).toBeUndefined();
    expect(item.key).toBe('Success');
    expect(valueAt(item, 'reason code')).toBe('0x00 Success');
    const names = nodeAt(item.tree, 'properties')!.children!.map((node) => node.label);
    expect(names).toEqual(
      expect.arrayContaining([
        'Session Expiry Interval',
        'Receive Maximum',
        'Maximum QoS',
        'Retain Available',
        'Maximum Packet Size',
        'Assigned Client Identifier',
        'Topic Alias Maximum',
        'Reason String',
        'User Property',
        'Wildcard Subscription Available',
        'Subscription Identifier Available',
        'Shared Subscription Available',
        'Server Keep Alive',
        'Response Information',
        'Server Reference',
        'Authentication Method',
        'Authentication Data',
      ]),
    );
    expect(valueAt(item, 'properties', 'Assigned Client Identifier')).toBe('auto-1');
    expect(valueAt(item, 'properties', 'Server Keep Alive')).toBe('45');
  });

  test('5.0 refusals are named', () => {
    const item = one(5, 'receive', { cmd: 'connack', reasonCode: 0x87, sessionPresent: false, properties: { reasonString: 'no' } });
    expect(item.key).toBe('Not authorized');
    expect(item.fields.reason).toBe('Not authorized');
  });

  test('a 3.1.1 server refusing a 5.0 CONNECT in two bytes is read as the old return code, and says so', () => {
    const item = one(5, 'receive', new Uint8Array([0x20, 0x02, 0x00, 0x01]));
    expect(item.error).toBeUndefined();
    expect(item.key).toBe('unacceptable protocol version');
    expect(valueAt(item, 'return code')).toContain('the server does not speak MQTT 5.0');
  });
});

describe('PUBLISH', () => {
  test('QoS 0 with a JSON payload shown exactly (digits beyond 2^53 kept)', () => {
    const item = one(4, 'send', { cmd: 'publish', topic: 'sensors/kitchen', payload: '{"t":21.50,"id":9007199254740993}', qos: 0, retain: false, dup: false });
    expect(item).toMatchObject({ type: 'PUBLISH', key: 'sensors/kitchen', fields: { topic: 'sensors/kitchen', qos: '0' } });
    expect(item.correlation).toBeUndefined();
    expect(nodeAt(item.tree, 'packet identifier')).toBeUndefined();
    expect(valueAt(item, 'payload', 't')).toBe('21.50');
    expect(valueAt(item, 'payload', 'id')).toBe('9007199254740993');
    expect(valueAt(item, 'payload size')).toBe('33 bytes');
  });

  test('text and binary payloads; retain and DUP flags; QoS 1 packet id correlates', () => {
    const text = one(4, 'send', { cmd: 'publish', topic: 'a/b', payload: 'hello world', qos: 1, messageId: 7, retain: true, dup: true });
    expect(valueAt(text, 'payload')).toBe('hello world');
    expect(valueAt(text, 'retain')).toBe('true');
    expect(valueAt(text, 'DUP')).toBe('true');
    expect(text.fields).toMatchObject({ retain: 'true', id: '7', qos: '1' });
    expect(text.correlation).toEqual({ role: 'request', scope: 'mqtt:publish:send', id: '7' });
    const bytes = one(4, 'receive', {
      cmd: 'publish',
      topic: 'a/b',
      payload: Buffer.from([0, 1, 0xfe, 0xff]),
      qos: 2,
      messageId: 9,
      retain: false,
      dup: false,
    });
    expect(nodeAt(bytes.tree, 'payload')).toEqual({ label: 'payload', type: 'bytes', value: '00 01 fe ff' });
    expect(bytes.correlation).toEqual({ role: 'request', scope: 'mqtt:publish:receive', id: '9' });
  });

  test('5.0: every PUBLISH property by name and type', () => {
    const item = one(5, 'send', {
      cmd: 'publish',
      topic: 'sensors/kitchen',
      payload: 'x',
      qos: 1,
      messageId: 3,
      retain: false,
      dup: false,
      properties: {
        payloadFormatIndicator: false,
        messageExpiryInterval: 4294967295,
        contentType: 'text/plain',
        responseTopic: 'reply/here',
        correlationData: Buffer.from([0xff, 0x00]),
        userProperties: { unit: 'C' },
        subscriptionIdentifier: [1, 268435455],
        topicAlias: 2,
      },
    });
    expect(item.error).toBeUndefined();
    const properties = nodeAt(item.tree, 'properties')!.children!;
    expect(properties.map((node) => [node.label, node.value, node.type])).toEqual(
      expect.arrayContaining([
        ['Payload Format Indicator', '0 (unspecified bytes)', 'text'],
        ['Message Expiry Interval', '4294967295', 'number'],
        ['Content Type', 'text/plain', 'string'],
        ['Response Topic', 'reply/here', 'string'],
        ['Correlation Data', 'ff 00', 'bytes'],
        ['Subscription Identifier', '1', 'number'],
        ['Subscription Identifier', '268435455', 'number'],
        ['Topic Alias', '2', 'number'],
      ]),
    );
  });

  test('topic aliases resolve per direction: set, reused, unknown', () => {
    const publish = (topic: string, alias: number, payload: string): Packet =>
      ({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false, properties: { topicAlias: alias } }) as Packet;
    const messages = afterConnect(
      5,
      ['send', publish('sensors/kitchen', 1, 'a')],
      ['send', publish('', 1, 'b')],
      ['receive', publish('', 1, 'c')],
      ['receive', publish('alerts/fire', 1, 'd')],
      ['receive', publish('', 1, 'e')],
      ['send', publish('', 1, 'f')],
    );
    expect(messages.map((message) => message.summary)).toEqual([
      'PUBLISH sensors/kitchen',
      'PUBLISH sensors/kitchen',
      'PUBLISH',
      'PUBLISH alerts/fire',
      'PUBLISH alerts/fire',
      'PUBLISH sensors/kitchen',
    ]);
    expect(valueAt(messages[1]!.items[0]!, 'topic alias')).toBe('1 (topic set by an earlier PUBLISH)');
    expect(messages[2]!.items[0]!.error).toBe('Topic Alias 1 was not set by an earlier PUBLISH in this direction');
    expect(messages.filter((message) => message.items[0]!.error).length).toBe(1);
  });

  test('PUBLISH errors: QoS 3, wildcard topic, empty topic without alias, DUP on QoS 0, bad UTF-8 with format indicator', () => {
    // QoS bits 11, topic "a", no id: the packet id read then fails too, so only check the QoS message.
    expect(one(4, 'send', new Uint8Array([0x36, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01])).error).toContain('both QoS bits are set: QoS 3 does not exist');
    expect(one(4, 'send', { cmd: 'publish', topic: 'a/#', payload: '', qos: 0, retain: false, dup: false }).error).toBe(
      'topic "a/#" holds a wildcard, which a PUBLISH may not',
    );
    expect(one(4, 'send', new Uint8Array([0x30, 0x02, 0x00, 0x00])).error).toBe('empty topic name and no Topic Alias');
    expect(one(4, 'send', new Uint8Array([0x38, 0x03, 0x00, 0x01, 0x61])).error).toBe('DUP is set on a QoS 0 message');
    const badUtf8 = one(5, 'send', new Uint8Array([0x30, 0x08, 0x00, 0x01, 0x61, 0x02, 0x01, 0x01, 0xc3, 0x28]));
    expect(badUtf8.error).toBe('Payload Format Indicator says UTF-8, but the payload is not well-formed UTF-8');
    expect(valueAt(badUtf8, 'payload')).toBe('c3 28');
  });
});

describe('acknowledgements and their correlation', () => {
  test('3.1.1: PUBACK, PUBREC, PUBREL, PUBCOMP pair with the publish flow of the other direction', () => {
    const messages = afterConnect(
      4,
      ['send', { cmd: 'publish', topic: 't', payload: 'p', qos: 2, messageId: 5, retain: false, dup: false }],
      ['receive', { cmd: 'pubrec', messageId: 5 }],
      ['send', { cmd: 'pubrel', messageId: 5 }],
      ['receive', { cmd: 'pubcomp', messageId: 5 }],
      ['receive', { cmd: 'publish', topic: 't', payload: 'p', qos: 1, messageId: 5, retain: false, dup: false }],
      ['send', { cmd: 'puback', messageId: 5 }],
    );
    expect(messages.map((message) => [message.summary, message.items[0]!.correlation])).toEqual([
      ['PUBLISH t', { role: 'request', scope: 'mqtt:publish:send', id: '5' }],
      ['PUBREC 5', { role: 'response', scope: 'mqtt:publish:send', id: '5' }],
      ['PUBREL 5', { role: 'request', scope: 'mqtt:pubrel:send', id: '5' }],
      ['PUBCOMP 5', { role: 'response', scope: 'mqtt:pubrel:send', id: '5' }],
      ['PUBLISH t', { role: 'request', scope: 'mqtt:publish:receive', id: '5' }],
      ['PUBACK 5', { role: 'response', scope: 'mqtt:publish:receive', id: '5' }],
    ]);
    expect(messages.every((message) => message.items[0]!.error === undefined)).toBe(true);
  });

  test('5.0: reason codes by name, an omitted reason code is Success, reason string property', () => {
    const failed = one(5, 'receive', { cmd: 'puback', messageId: 12, reasonCode: 0x10, properties: { reasonString: 'nobody listens' } });
    expect(failed.key).toBe('12 No matching subscribers');
    expect(valueAt(failed, 'reason code')).toBe('0x10 No matching subscribers');
    expect(valueAt(failed, 'properties', 'Reason String')).toBe('nobody listens');
    const implied = one(5, 'receive', new Uint8Array([0x40, 0x02, 0x00, 0x0c]));
    expect(implied.key).toBe('12');
    expect(valueAt(implied, 'reason code')).toBe('0x00 Success (implied: none sent)');
    const notFound = one(5, 'send', new Uint8Array([0x62, 0x03, 0x00, 0x0c, 0x92]));
    expect(notFound.key).toBe('12 Packet Identifier not found');
    expect(one(5, 'receive', new Uint8Array([0x40, 0x03, 0x00, 0x0c, 0x01])).fields.reason).toBe('Granted QoS 1');
    expect(valueAt(one(5, 'receive', new Uint8Array([0x40, 0x03, 0x00, 0x0c, 0x01])), 'reason code')).toBe(
      '0x01 Granted QoS 1 (not a reason code PUBACK may carry)',
    );
    expect(valueAt(one(5, 'receive', new Uint8Array([0x40, 0x03, 0x00, 0x0c, 0x55])), 'reason code')).toBe('0x55 (not a defined reason code)');
  });
});

describe('SUBSCRIBE / SUBACK / UNSUBSCRIBE / UNSUBACK', () => {
  test('3.1.1: filters with QoS, SUBACK return codes including Failure', () => {
    const [subscribe, suback] = afterConnect(
      4,
      [
        'send',
        {
          cmd: 'subscribe',
          messageId: 10,
          subscriptions: [
            { topic: 'sensors/#', qos: 1 },
            { topic: 'alerts/+', qos: 2 },
          ],
        },
      ],
      ['receive', { cmd: 'suback', messageId: 10, granted: [1, 128] }],
    );
    expect(subscribe!.summary).toBe('SUBSCRIBE sensors/#, alerts/+');
    const item = subscribe!.items[0]!;
    expect(item.fields.topic).toBe('sensors/#, alerts/+');
    expect(valueAt(item, 'subscriptions', '1', 'topic filter')).toBe('alerts/+');
    expect(valueAt(item, 'subscriptions', '1', 'maximum QoS')).toBe('2');
    expect(item.correlation).toEqual({ role: 'request', scope: 'mqtt:subscribe:send', id: '10' });
    const ack = suback!.items[0]!;
    expect(ack.key).toBe('10 Failure');
    expect(valueAt(ack, 'return codes', '0')).toBe('1 Success - Maximum QoS 1');
    expect(valueAt(ack, 'return codes', '1')).toBe('128 Failure');
    expect(ack.correlation).toEqual({ role: 'response', scope: 'mqtt:subscribe:send', id: '10' });
  });

  test('5.0: subscription options, subscription identifier, SUBACK reason codes', () => {
    const [subscribe, suback] = afterConnect(
      5,
      [
        'send',
        {
          cmd: 'subscribe',
          messageId: 11,
          properties: { subscriptionIdentifier: 42, userProperties: { who: 'me' } },
          subscriptions: [{ topic: 'sensors/#', qos: 2, nl: true, rap: true, rh: 2 }],
        },
      ],
      ['receive', { cmd: 'suback', messageId: 11, granted: [2, 0x97], properties: { reasonString: 'quota' } }],
    );
    const item = subscribe!.items[0]!;
    expect(item.error).toBeUndefined();
    expect(valueAt(item, 'properties', 'Subscription Identifier')).toBe('42');
    expect(valueAt(item, 'subscriptions', '0', 'no local')).toBe('true');
    expect(valueAt(item, 'subscriptions', '0', 'retain as published')).toBe('true');
    expect(valueAt(item, 'subscriptions', '0', 'retain handling')).toBe('2 (do not send retained messages)');
    expect(suback!.summary).toBe('SUBACK 11 Quota exceeded');
    expect(valueAt(suback!.items[0]!, 'reason codes', '0')).toBe('0x02 Granted QoS 2');
  });

  test('UNSUBSCRIBE and UNSUBACK in 3.1.1 and 5.0', () => {
    const [unsubscribe, unsuback] = afterConnect(
      4,
      ['send', { cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['a/#', 'b'] }],
      ['receive', new Uint8Array([0xb0, 0x02, 0x00, 0x03])],
    );
    expect(unsubscribe!.summary).toBe('UNSUBSCRIBE a/#, b');
    expect(valueAt(unsubscribe!.items[0]!, 'topic filters', 'topic filter')).toBe('a/#');
    expect(unsuback!.items[0]).toMatchObject({ key: '3', correlation: { role: 'response', scope: 'mqtt:unsubscribe:send', id: '3' } });
    const v5 = one(5, 'receive', { cmd: 'unsuback', messageId: 4, granted: [0, 0x11] });
    expect(v5.key).toBe('4');
    expect(valueAt(v5, 'reason codes', '1')).toBe('0x11 No subscription existed');
  });
});

describe('PINGREQ, PINGRESP, DISCONNECT, AUTH', () => {
  test('pings and a 3.1.1 DISCONNECT are their type alone', () => {
    const messages = afterConnect(4, ['send', { cmd: 'pingreq' }], ['receive', { cmd: 'pingresp' }], ['send', { cmd: 'disconnect' }]);
    expect(messages.map((message) => message.summary)).toEqual(['PINGREQ', 'PINGRESP', 'DISCONNECT']);
    expect(messages.every((message) => message.items[0]!.error === undefined)).toBe(true);
  });

  test('5.0 DISCONNECT: reason and properties; an empty one is a normal disconnection', () => {
    const item = one(5, 'send', { cmd: 'disconnect', reasonCode: 0x04, properties: { sessionExpiryInterval: 0, reasonString: 'bye', serverReference: 'x' } });
    expect(item.key).toBe('Disconnect with Will Message');
    expect(item.error).toBeUndefined();
    expect(valueAt(item, 'properties', 'Reason String')).toBe('bye');
    const empty = one(5, 'receive', new Uint8Array([0xe0, 0x00]));
    expect(empty.key).toBeUndefined();
    expect(valueAt(empty, 'reason code')).toBe('0x00 Normal disconnection (implied: none sent)');
  });

  test('AUTH: reason code and authentication properties', () => {
    const item = one(5, 'receive', {
      cmd: 'auth',
      reasonCode: 0x18,
      properties: { authenticationMethod: 'SCRAM-SHA-256', authenticationData: Buffer.from('r=abc') },
    });
    expect(item.error).toBeUndefined();
    expect(item.key).toBe('Continue authentication');
    expect(valueAt(item, 'properties', 'Authentication Data')).toBe('72 3d 61 62 63');
  });
});

describe('specific errors for malformed packets', () => {
  const errorOf = (version: Version, direction: MessageInput['direction'], bytes: number[]) => one(version, direction, new Uint8Array(bytes)).error;

  test.each([
    ['a string running past the packet', 4, 'send', [0x30, 0x04, 0x01, 0x2c, 0x61, 0x62], 'topic name (300 bytes): needs 300 bytes, only 2 left in the packet'],
    ['a topic that is not UTF-8', 4, 'send', [0x30, 0x04, 0x00, 0x02, 0xc3, 0x28], 'topic name is not well-formed UTF-8'],
    ['a topic holding U+0000', 4, 'send', [0x30, 0x03, 0x00, 0x01, 0x00], 'topic name contains U+0000, which MQTT strings may not'],
    ['SUBSCRIBE with flags 0000', 4, 'send', [0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00], 'fixed header flags of SUBSCRIBE must be 0010, not 0000'],
    ['SUBSCRIBE without a filter', 4, 'send', [0x82, 0x02, 0x00, 0x01], 'SUBSCRIBE carries no topic filter'],
    ['a reserved subscription option bit', 4, 'send', [0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x04], '"a": reserved option bits 7-2 are set'],
    ['packet identifier 0', 4, 'receive', [0x40, 0x02, 0x00, 0x00], 'packet identifier 0 is not allowed'],
    ['bytes after the last field', 4, 'send', [0xc0, 0x01, 0x00], '1 byte left over after the last field'],
    ['CONNACK sent by the page', 4, 'send', [0x20, 0x02, 0x00, 0x00], 'CONNACK is sent by servers, but this one went from the page to the server'],
    [
      'SUBSCRIBE from the server',
      4,
      'receive',
      [0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00],
      'SUBSCRIBE is sent by clients, but this one came from the server',
    ],
    ['AUTH before 5.0', 4, 'receive', [0xf0, 0x00], 'AUTH exists only in MQTT 5.0'],
    [
      'an unknown property',
      5,
      'receive',
      [0x40, 0x06, 0x00, 0x01, 0x00, 0x02, 0x30, 0x00],
      'properties: unknown property identifier 0x30; the rest of the block is skipped',
    ],
    ['a property in the wrong packet', 5, 'receive', [0x40, 0x07, 0x00, 0x01, 0x00, 0x03, 0x23, 0x00, 0x01], 'Topic Alias is not allowed in PUBACK'],
    ['a repeated property', 5, 'receive', [0x40, 0x0a, 0x00, 0x01, 0x00, 0x06, 0x1f, 0x00, 0x00, 0x1f, 0x00, 0x00], 'Reason String appears more than once'],
    [
      'a property block longer than the packet',
      5,
      'receive',
      [0x40, 0x05, 0x00, 0x01, 0x00, 0x09, 0x1f],
      'properties (9 bytes): needs 9 bytes, only 1 left in the packet',
    ],
    [
      'a property value cut short',
      5,
      'receive',
      [0x40, 0x06, 0x00, 0x01, 0x00, 0x02, 0x13, 0x00],
      'properties: Server Keep Alive: needs 2 bytes, only 1 left in the property block; the rest of the block is skipped',
    ],
    [
      'a 5-byte property identifier',
      5,
      'receive',
      [0x40, 0x09, 0x00, 0x01, 0x00, 0x05, 0xff, 0xff, 0xff, 0xff, 0x7f],
      'property identifier: variable byte integer longer than 4 bytes',
    ],
  ] as const)('%s', (_name, version, direction, bytes, expected) => {
    expect(errorOf(version, direction, [...bytes])).toContain(expected);
  });

  test('CONNECT: level and name that do not match, reserved flag, will QoS 3, password without user name in 3.1.1', () => {
    const connect = (name: string, level: number, flags: number) =>
      new Uint8Array([0x10, 8 + name.length, 0x00, name.length, ...Buffer.from(name), level, flags, 0x00, 0x0a, 0x00, 0x00]);
    const error = (bytes: Uint8Array) => decodeOne('send', bytes).items[0]!.error;
    expect(error(connect('MQIsdp', 4, 0x02))).toBe('protocol name "MQIsdp" does not go with level 4 (expected "MQTT")');
    expect(error(connect('MQTT', 6, 0x02))).toBe('protocol level 6 is none of 3 (MQTT 3.1), 4 (3.1.1), 5 (5.0)');
    expect(error(connect('MQTT', 4, 0x03))).toBe('connect flags: the reserved bit 0 is set');
    expect(error(connect('MQTT', 4, 0x18))).toContain('connect flags: will QoS 3 does not exist');
    expect(error(connect('MQTT', 4, 0x40))).toContain('connect flags: a password without a user name is allowed only from MQTT 5.0');
  });

  test('a packet before any CONNECT is read as 3.1.1 and says so', () => {
    const message = decodeOne('receive', new Uint8Array([0x30, 0x03, 0x00, 0x01, 0x61]));
    expect(message.summary).toBe('PUBLISH a');
    expect(valueAt(message.items[0]!, 'protocol level')).toBe('unknown (no CONNECT seen): read as MQTT 3.1.1');
  });
});
