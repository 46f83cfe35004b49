// MQTT brokers over WebSocket on 127.0.0.1, for decoder tests and (later) browser tests.
// - startAedesBroker: the real aedes broker (MQTT 3.1 and 3.1.1; it refuses 5.0 with return code 1).
// - startMqtt5Broker: aedes has no MQTT 5.0, so a small broker of ours that reads and writes packets with
//   mqtt-packet (the codec mqtt.js itself uses) and follows MQTT 5.0 for what the tests exercise: CONNACK
//   properties, QoS 0/1/2 both ways, retained messages, wills (and DISCONNECT 0x04), subscription options,
//   topic aliases in both directions, user properties and the other PUBLISH properties passed on.
import { Aedes } from 'aedes';
import mqttPacket, { type IConnackPacket, type IPublishPacket, type ISubscribePacket, type Packet } from 'mqtt-packet';
import { createWebSocketStream, type WebSocket } from 'ws';
import { listenWebSocket, type RunningServer } from './listen';

/** ws://127.0.0.1:PORT/mqtt */
export type RunningBroker = RunningServer;

/** Chooses MQTT's sub-protocol, as brokers do ('mqtt', or 'mqttv3.1' for MQTT 3.1 clients). */
const chooseProtocol = (offered: Set<string>) => [...offered].find((name) => /^mqtt(v3\.1)?$/i.test(name)) ?? false;

/** The aedes broker, each WebSocket fed to `aedes.handle` through ws's createWebSocketStream. */
export async function startAedesBroker(): Promise<RunningBroker & { aedes: Aedes }> {
  const aedes = await Aedes.createBroker();
  const broker = await listenWebSocket({
    path: '/mqtt',
    chooseProtocol,
    onSocket: (socket) => aedes.handle(createWebSocketStream(socket)),
    onClose: () => new Promise<void>((resolve) => aedes.close(() => resolve())),
  });
  return { ...broker, aedes };
}

interface Subscription {
  filter: string;
  qos: 0 | 1 | 2;
  noLocal: boolean;
}

interface Session {
  socket: WebSocket;
  clientId: string;
  will: IPublishPacket | undefined;
  subscriptions: Subscription[];
  /** Aliases the client set for its PUBLISH packets. */
  inboundAliases: Map<number, string>;
  /** Aliases we set for PUBLISH packets to the client, up to its Topic Alias Maximum. */
  outboundAliases: Map<string, number>;
  topicAliasMaximum: number;
  nextPacketId: number;
}

/** Our MQTT 5.0 broker (see the file's head for what it covers). */
export async function startMqtt5Broker(): Promise<RunningBroker> {
  const sessions = new Set<Session>();
  const retained = new Map<string, IPublishPacket>();

  const send = (session: Session, packet: Packet) => {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(mqttPacket.generate(packet, { protocolVersion: 5 }));
  };

  const deliver = (publish: IPublishPacket, from: Session | undefined) => {
    for (const target of sessions) {
      const match = target.subscriptions.find((sub) => topicMatches(sub.filter, publish.topic) && !(sub.noLocal && target === from));
      if (match) forward(target, publish, Math.min(publish.qos, match.qos) as 0 | 1 | 2, false);
    }
  };

  const forward = (target: Session, publish: IPublishPacket, qos: 0 | 1 | 2, retain: boolean) => {
    const properties = { ...publish.properties };
    delete properties.topicAlias;
    let topic = publish.topic;
    const alias = target.outboundAliases.get(topic);
    if (alias !== undefined) {
      properties.topicAlias = alias;
      topic = '';
    } else if (target.outboundAliases.size < target.topicAliasMaximum) {
      properties.topicAlias = target.outboundAliases.size + 1;
      target.outboundAliases.set(topic, properties.topicAlias);
    }
    const messageId = qos > 0 ? target.nextPacketId++ : undefined;
    send(target, { cmd: 'publish', topic, payload: publish.payload, qos, retain, dup: false, messageId, properties });
  };

  const publishWill = (session: Session) => {
    const will = session.will;
    session.will = undefined;
    if (!will) return;
    if (will.retain) retained.set(will.topic, will);
    deliver(will, session);
  };

  const onPacket = (session: Session, packet: Packet) => {
    switch (packet.cmd) {
      case 'connect': {
        if (packet.protocolVersion !== 5) {
          send(session, { cmd: 'connack', reasonCode: 0x84, sessionPresent: false } as IConnackPacket);
          session.socket.close();
          return;
        }
        const assigned = packet.clientId === '' ? `broker-assigned-${sessions.size}` : undefined;
        session.clientId = assigned ?? packet.clientId;
        session.topicAliasMaximum = packet.properties?.topicAliasMaximum ?? 0;
        if (packet.will) {
          const { topic, payload, qos = 0, retain = false, properties } = packet.will;
          const { willDelayInterval: _delay, ...publishProperties } = properties ?? {};
          session.will = { cmd: 'publish', topic, payload, qos, retain, dup: false, properties: publishProperties } as IPublishPacket;
        }
        sessions.add(session);
        const properties: IConnackPacket['properties'] = { topicAliasMaximum: 10, receiveMaximum: 100, retainAvailable: true, maximumQoS: 2 };
        if (assigned) properties.assignedClientIdentifier = assigned;
        send(session, { cmd: 'connack', sessionPresent: false, reasonCode: 0, properties });
        return;
      }
      case 'publish': {
        let topic = packet.topic;
        const alias = packet.properties?.topicAlias;
        if (alias !== undefined) {
          if (topic) session.inboundAliases.set(alias, topic);
          else topic = session.inboundAliases.get(alias) ?? '';
        }
        const publish = { ...packet, topic };
        if (publish.retain) {
          if (publish.payload.length === 0) retained.delete(topic);
          else retained.set(topic, publish);
        }
        deliver(publish, session);
        if (packet.qos === 1) send(session, { cmd: 'puback', messageId: packet.messageId, reasonCode: 0 });
        if (packet.qos === 2) send(session, { cmd: 'pubrec', messageId: packet.messageId, reasonCode: 0 });
        return;
      }
      case 'pubrel':
        return send(session, { cmd: 'pubcomp', messageId: packet.messageId, reasonCode: 0 });
      case 'pubrec':
        return send(session, { cmd: 'pubrel', messageId: packet.messageId, reasonCode: 0 });
      case 'subscribe':
        return subscribe(session, packet);
      case 'unsubscribe': {
        const reasonCodes = packet.unsubscriptions.map((filter) => {
          const before = session.subscriptions.length;
          session.subscriptions = session.subscriptions.filter((sub) => sub.filter !== filter);
          return session.subscriptions.length < before ? 0 : 0x11;
        });
        return send(session, { cmd: 'unsuback', messageId: packet.messageId, granted: reasonCodes });
      }
      case 'pingreq':
        return send(session, { cmd: 'pingresp' });
      case 'disconnect':
        if (packet.reasonCode === 0x04) publishWill(session);
        session.will = undefined;
        session.socket.close();
        return;
      default:
        return;
    }
  };

  const subscribe = (session: Session, packet: ISubscribePacket) => {
    const granted = packet.subscriptions.map(({ topic, qos, nl }) => {
      session.subscriptions = session.subscriptions.filter((sub) => sub.filter !== topic);
      session.subscriptions.push({ filter: topic, qos, noLocal: Boolean(nl) });
      return qos;
    });
    send(session, { cmd: 'suback', messageId: packet.messageId, granted, properties: {} });
    for (const { topic, qos, rh } of packet.subscriptions) {
      if (rh === 2) continue;
      for (const message of retained.values()) if (topicMatches(topic, message.topic)) forward(session, message, Math.min(qos, message.qos) as 0 | 1 | 2, true);
    }
  };

  return listenWebSocket({
    path: '/mqtt',
    chooseProtocol,
    onSocket: (socket) => {
      const session: Session = {
        socket,
        clientId: '',
        will: undefined,
        subscriptions: [],
        inboundAliases: new Map(),
        outboundAliases: new Map(),
        topicAliasMaximum: 0,
        nextPacketId: 1,
      };
      const parser = mqttPacket.parser({ protocolVersion: 5 });
      parser.on('packet', (packet: Packet) => onPacket(session, packet));
      parser.on('error', () => socket.close(1002));
      socket.on('message', (data: Buffer) => parser.parse(data));
      socket.on('close', () => {
        if (sessions.delete(session)) publishWill(session);
      });
    },
  });
}

/** MQTT topic filter matching: '+' one level, '#' the rest; '$' topics only by filters naming them. */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && !filter.startsWith('$')) return false;
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i];
    if (level === '#') return true;
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}
