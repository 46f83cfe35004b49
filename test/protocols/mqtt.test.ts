// The MQTT decoder on traffic the real libraries produce: mqtt.js (protocol 4 and 5) against the aedes
// broker and, for MQTT 5.0 which aedes refuses, against our mqtt-packet broker; recorded by the proxy.
// In Node, mqtt.js writes each piece of a packet as its own WebSocket message, so nearly every packet
// here is reassembled across messages.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { mqttDecoder } from '../../src/protocols/mqtt';
import { detectProtocol } from '../../src/protocols/registry';
import type { DecodedItem, MessageInput } from '../../src/protocols/types';
import { nodeAt, valueAt } from '../unit/protocol-test-helpers';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './recording-proxy';
import { startAedesBroker, startMqtt5Broker, type RunningBroker } from './servers/mqtt';

let running: { broker: RunningBroker; proxy: RecordingProxy; clients: MqttClient[] } | undefined;
afterEach(async () => {
  if (!running) return;
  for (const client of running.clients) client.end(true);
  await running.proxy.close();
  await running.broker.close();
  running = undefined;
});

async function start(broker: RunningBroker) {
  const proxy = await startRecordingProxy(broker.url.replace(/\/mqtt$/, ''));
  running = { broker, proxy, clients: [] };
  const connect = async (options: IClientOptions) => {
    const client = await mqtt.connectAsync(`${proxy.wsUrl}/mqtt`, { reconnectPeriod: 0, ...options });
    running!.clients.push(client);
    return client;
  };
  return { proxy, connect };
}

const inputs = (connection: RecordedConnection): MessageInput[] =>
  connection.messages.map((m) =>
    m.kind === 'binary' ? { direction: m.direction, kind: 'binary', bytes: m.bytes! } : { direction: m.direction, kind: 'text', text: m.text! },
  );

/** Every decoded packet of a connection, with its direction (partial pieces left out). */
function packetsOf(connection: RecordedConnection): (DecodedItem & { direction: MessageInput['direction'] })[] {
  const state = mqttDecoder.createState(connection);
  return inputs(connection).flatMap((message) => {
    const decoded = mqttDecoder.decode(message, state, connection);
    expect(decoded.error).toBeUndefined();
    return decoded.items.filter((item) => !item.type.startsWith('partial')).map((item) => ({ ...item, direction: message.direction }));
  });
}

const lines = (packets: ReturnType<typeof packetsOf>, direction: MessageInput['direction']) =>
  packets.filter((packet) => packet.direction === direction).map((packet) => (packet.key ? `${packet.type} ${packet.key}` : packet.type));

/** Every response pairs with an earlier request of the same scope and id, and every QoS>0 flow is answered. */
function expectCorrelated(packets: ReturnType<typeof packetsOf>) {
  const open = new Set<string>();
  for (const { correlation } of packets) {
    if (!correlation) continue;
    const key = `${correlation.scope}#${correlation.id}`;
    if (correlation.role === 'request') open.add(key);
    else expect(open.delete(key), `response ${key} without its request`).toBe(true);
  }
  expect([...open]).toEqual([]);
}

const nextMessage = (client: MqttClient, topic: string) =>
  new Promise<Buffer>((resolve) => client.on('message', (received, payload) => received === topic && resolve(payload)));
const publishing = async (publisher: MqttClient, version: 4 | 5) => {
  const v5 = version === 5;
  await publisher.publishAsync('sensors/kitchen', '{"t":21.5,"id":9007199254740993}', {
    qos: 0,
    properties: v5 ? { contentType: 'application/json', payloadFormatIndicator: true, userProperties: { unit: 'C' } } : undefined,
  });
  await publisher.publishAsync('sensors/kitchen', '{"t":21.7}', { qos: 1 });
  await publisher.publishAsync('sensors/hall', 'door open', { qos: 1, retain: true });
  await publisher.publishAsync('sensors/garage', Buffer.from([0, 1, 2, 0xff]), { qos: 2 });
  await publisher.publishAsync('sensors/camera', Buffer.alloc(100_000, 7), { qos: 1 });
};

describe('mqtt.js 3.1.1 and the aedes broker', () => {
  test('connect with will and credentials, QoS 0/1/2, retained, a large payload, ping, unsubscribe, the will on a dropped connection', async () => {
    const { proxy, connect } = await start(await startAedesBroker());
    const watcher = await connect({ protocolVersion: 4, clientId: 'watcher', keepalive: 1 });
    await watcher.subscribeAsync({ 'sensors/#': { qos: 2 }, 'status/+': { qos: 1 } });
    const publisher = await connect({
      protocolVersion: 4,
      clientId: 'kitchen-sensor',
      username: 'alice',
      password: 's3cret',
      will: { topic: 'status/kitchen-sensor', payload: Buffer.from('offline'), qos: 1, retain: false },
    });
    const cameraArrived = nextMessage(watcher, 'sensors/camera');
    await publishing(publisher, 4);
    await cameraArrived;
    await new Promise((resolve) => watcher.once('packetreceive', (packet) => packet.cmd === 'pingresp' && resolve(null)));
    await watcher.unsubscribeAsync('sensors/#');
    const will = nextMessage(watcher, 'status/kitchen-sensor');
    publisher.stream.destroy();
    expect(String(await will)).toBe('offline');
    const late = await connect({ protocolVersion: 4, clientId: 'late' });
    const retained = new Promise((resolve) => late.on('message', (topic, payload, packet) => resolve([topic, String(payload), packet.retain])));
    await late.subscribeAsync('sensors/hall', { qos: 1 });
    expect(await retained).toEqual(['sensors/hall', 'door open', true]);
    await watcher.endAsync();
    await late.endAsync();
    await vi.waitFor(() => {
      for (const index of [0, 2]) expect(lines(packetsOf(proxy.connections[index]!), 'send').at(-1)).toBe('DISCONNECT');
    });

    const [watcherConnection, publisherConnection, lateConnection] = proxy.connections;
    expect(watcherConnection).toMatchObject({ url: '/mqtt', protocol: 'mqtt' });
    expect(detectProtocol(watcherConnection!, inputs(watcherConnection!).slice(0, 10))?.id).toBe('mqtt');
    // Without the sub-protocol, the CONNECT mqtt.js wrote a few bytes per message is enough.
    expect(detectProtocol({ url: '/', protocol: '', requestedProtocols: [] }, inputs(watcherConnection!).slice(0, 10))?.id).toBe('mqtt');

    const published = packetsOf(publisherConnection!);
    expect(published.filter((packet) => packet.error)).toEqual([]);
    expect(lines(published, 'send')).toEqual([
      'CONNECT kitchen-sensor',
      'PUBLISH sensors/kitchen',
      'PUBLISH sensors/kitchen',
      'PUBLISH sensors/hall',
      'PUBLISH sensors/garage',
      'PUBREL ' + published.find((packet) => packet.type === 'PUBREL')!.key,
      'PUBLISH sensors/camera',
    ]);
    expect(lines(published, 'receive').map((line) => line.replace(/\d+$/, 'N'))).toEqual([
      'CONNACK Connection Accepted',
      'PUBACK N',
      'PUBACK N',
      'PUBREC N',
      'PUBCOMP N',
      'PUBACK N',
    ]);
    expectCorrelated(published);
    const connectPacket = published[0]!;
    expect(valueAt(connectPacket, 'protocol level')).toBe('4 (MQTT 3.1.1)');
    expect(valueAt(connectPacket, 'will', 'topic')).toBe('status/kitchen-sensor');
    expect(valueAt(connectPacket, 'will', 'QoS')).toBe('1');
    expect(valueAt(connectPacket, 'user name')).toBe('alice');
    expect(valueAt(connectPacket, 'password (secret)')).toBe('s3cret');
    const [json, , retainedPublish, garage, camera] = published.filter((packet) => packet.type === 'PUBLISH');
    expect(valueAt(json!, 'payload', 'id')).toBe('9007199254740993');
    expect(valueAt(retainedPublish!, 'retain')).toBe('true');
    expect(valueAt(garage!, 'payload')).toBe('00 01 02 ff');
    expect(valueAt(camera!, 'payload size')).toBe('100000 bytes');
    expect(Number(valueAt(camera!, 'reassembled from')!.split(' ')[0])).toBeGreaterThan(1);

    const watched = packetsOf(watcherConnection!);
    expect(watched.filter((packet) => packet.error)).toEqual([]);
    expect(lines(watched, 'send').filter((line) => !line.startsWith('PUB'))).toEqual([
      'CONNECT watcher',
      'SUBSCRIBE sensors/#, status/+',
      ...lines(watched, 'send').filter((line) => line === 'PINGREQ'),
      'UNSUBSCRIBE sensors/#',
      'DISCONNECT',
    ]);
    expect(lines(watched, 'receive')).toEqual(
      expect.arrayContaining([
        'PUBLISH sensors/kitchen',
        'PUBLISH sensors/hall',
        'PUBLISH sensors/garage',
        'PUBLISH sensors/camera',
        'PINGRESP',
        'PUBLISH status/kitchen-sensor',
      ]),
    );
    expect(lines(watched, 'receive').filter((line) => /^(SUBACK|UNSUBACK)/.test(line))).toHaveLength(2);
    expectCorrelated(watched);
    const willPublish = watched.find((packet) => packet.key === 'status/kitchen-sensor')!;
    expect(valueAt(willPublish, 'payload')).toBe('offline');

    const lateOnes = packetsOf(lateConnection!);
    const retainedDelivery = lateOnes.find((packet) => packet.type === 'PUBLISH')!;
    expect(retainedDelivery).toMatchObject({ key: 'sensors/hall', fields: { retain: 'true' } });
  });

  test('mqtt.js at protocol level 5 is refused by aedes in 3.1.1 terms, which the decoder explains', async () => {
    const { proxy } = await start(await startAedesBroker());
    await expect(mqtt.connectAsync(`${proxy.wsUrl}/mqtt`, { protocolVersion: 5, clientId: 'v5', reconnectPeriod: 0 })).rejects.toThrow(/protocol version/i);
    await vi.waitFor(() => expect(proxy.connections[0]?.messages.some((message) => message.direction === 'receive')).toBe(true));
    const packets = packetsOf(proxy.connections[0]!);
    expect(packets.map((packet) => `${packet.type} ${packet.key}`)).toEqual(['CONNECT v5', 'CONNACK unacceptable protocol version']);
    expect(packets.filter((packet) => packet.error)).toEqual([]);
    expect(valueAt(packets[1]!, 'return code')).toContain('the server does not speak MQTT 5.0');
  });
});

describe('mqtt.js 5.0 and our mqtt-packet broker', () => {
  test('v5 properties, topic aliases both ways, subscription options, QoS 0/1/2, retained, large payload, will by DISCONNECT 0x04', async () => {
    const { proxy, connect } = await start(await startMqtt5Broker());
    const watcher = await connect({ protocolVersion: 5, clientId: 'watcher', properties: { topicAliasMaximum: 4 } });
    await watcher.subscribeAsync(
      { 'sensors/#': { qos: 2, nl: true, rap: true, rh: 1 }, 'status/+': { qos: 1 } },
      { properties: { subscriptionIdentifier: 7, userProperties: { purpose: 'test' } } },
    );
    const publisher = await connect({
      protocolVersion: 5,
      clientId: 'kitchen-sensor',
      autoAssignTopicAlias: true,
      properties: { sessionExpiryInterval: 30, userProperties: { firmware: '1.2.3' } },
      will: {
        topic: 'status/kitchen-sensor',
        payload: Buffer.from('offline'),
        qos: 1,
        retain: false,
        properties: { willDelayInterval: 0, contentType: 'text/plain' },
      },
    });
    const cameraArrived = nextMessage(watcher, 'sensors/camera');
    await publishing(publisher, 5);
    await cameraArrived;
    const will = nextMessage(watcher, 'status/kitchen-sensor');
    await publisher.endAsync({ reasonCode: 0x04 });
    expect(String(await will)).toBe('offline');
    const late = await connect({ protocolVersion: 5, clientId: '' });
    const retained = new Promise((resolve) => late.on('message', (topic, payload, packet) => resolve([topic, String(payload), packet.retain])));
    await late.subscribeAsync('sensors/hall', { qos: 1 });
    expect(await retained).toEqual(['sensors/hall', 'door open', true]);
    await watcher.unsubscribeAsync(['sensors/#', 'nothing/here']);
    await watcher.endAsync();
    await late.endAsync();
    await vi.waitFor(() => expect(lines(packetsOf(proxy.connections[0]!), 'send').at(-1)).toBe('DISCONNECT'));

    const [watcherConnection, publisherConnection, lateConnection] = proxy.connections;
    const published = packetsOf(publisherConnection!);
    expect(published.filter((packet) => packet.error)).toEqual([]);
    expectCorrelated(published);
    const connectPacket = published[0]!;
    expect(valueAt(connectPacket, 'protocol level')).toBe('5 (MQTT 5.0)');
    expect(valueAt(connectPacket, 'properties', 'Session Expiry Interval')).toBe('30');
    expect(valueAt(connectPacket, 'properties', 'User Property', 'value')).toBe('1.2.3');
    expect(valueAt(connectPacket, 'will', 'will properties', 'Content Type')).toBe('text/plain');
    expect(valueAt(published[1]!, 'properties', 'Topic Alias Maximum')).toBe('10');
    const publishes = published.filter((packet) => packet.type === 'PUBLISH');
    expect(publishes.map((packet) => packet.key)).toEqual(['sensors/kitchen', 'sensors/kitchen', 'sensors/hall', 'sensors/garage', 'sensors/camera']);
    // mqtt.js set an alias with the first PUBLISH of a topic and sent the second with an empty topic.
    expect(valueAt(publishes[0]!, 'topic alias')).toMatch(/^1 \(set here/);
    expect(valueAt(publishes[1]!, 'topic alias')).toBe('1 (topic set by an earlier PUBLISH)');
    expect(valueAt(publishes[0]!, 'properties', 'Content Type')).toBe('application/json');
    expect(valueAt(publishes[0]!, 'properties', 'Payload Format Indicator')).toBe('1 (UTF-8 text)');
    expect(valueAt(publishes[0]!, 'properties', 'User Property', 'name')).toBe('unit');
    expect(valueAt(publishes[0]!, 'payload', 'id')).toBe('9007199254740993');
    expect(valueAt(publishes[4]!, 'payload size')).toBe('100000 bytes');
    expect(published.at(-1)).toMatchObject({ type: 'DISCONNECT', key: 'Disconnect with Will Message', direction: 'send' });

    const watched = packetsOf(watcherConnection!);
    expect(watched.filter((packet) => packet.error)).toEqual([]);
    expectCorrelated(watched);
    const subscribe = watched.find((packet) => packet.type === 'SUBSCRIBE')!;
    expect(subscribe.key).toBe('sensors/#, status/+');
    expect(valueAt(subscribe, 'properties', 'Subscription Identifier')).toBe('7');
    expect(valueAt(subscribe, 'subscriptions', '0', 'no local')).toBe('true');
    expect(valueAt(subscribe, 'subscriptions', '0', 'retain handling')).toBe('1 (send retained messages only for a new subscription)');
    expect(watched.find((packet) => packet.type === 'SUBACK')!.fields.reason).toBe('Granted QoS 2, Granted QoS 1');
    // Our broker aliases topics towards the watcher: its second kitchen PUBLISH has an empty topic name.
    const delivered = watched.filter((packet) => packet.type === 'PUBLISH' && packet.direction === 'receive');
    expect(delivered.map((packet) => packet.key)).toEqual([
      'sensors/kitchen',
      'sensors/kitchen',
      'sensors/hall',
      'sensors/garage',
      'sensors/camera',
      'status/kitchen-sensor',
    ]);
    expect(valueAt(delivered[1]!, 'topic alias')).toBe('1 (topic set by an earlier PUBLISH)');
    expect(valueAt(delivered[0]!, 'properties', 'User Property', 'value')).toBe('C');
    expect(valueAt(delivered[5]!, 'properties', 'Content Type')).toBe('text/plain');
    const unsuback = watched.find((packet) => packet.type === 'UNSUBACK')!;
    expect(valueAt(unsuback, 'reason codes', '1')).toBe('0x11 No subscription existed');

    const lateOnes = packetsOf(lateConnection!);
    expect(lateOnes[0]!.key).toBeUndefined();
    expect(valueAt(lateOnes[1]!, 'properties', 'Assigned Client Identifier')).toMatch(/^broker-assigned-/);
    expect(nodeAt(lateOnes.find((packet) => packet.type === 'PUBLISH')!.tree, 'retain')?.value).toBe('true');
  });
});
