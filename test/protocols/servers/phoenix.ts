// A Phoenix Channels server speaking the wire protocol as Phoenix does (Phoenix.Socket, the V1 and V2
// JSON serializers, Phoenix.Channel replies, pushes and broadcasts), since npm has no Phoenix server.
// Endpoint: /socket/websocket?vsn=1.0.0|2.0.0 (vsn absent: 1.0.0, as Phoenix assumes).
//  - phx_join on room:* → phx_reply ok (or error {reason: "unauthorized"} when the payload asks
//    {reject: true}), then a "welcome" push from the channel (join_ref set, ref null).
//  - new_msg → phx_reply ok, then a broadcast of the same payload to every socket joined to the topic.
//  - a v2 binary push "upload" → a binary phx_reply ok echoing the bytes reversed, a binary broadcast
//    "uploaded" of the bytes, and a binary push "thumb" of the first byte to the sender.
//  - any event on an unjoined topic → phx_reply error {reason: "unmatched topic"}.
//  - heartbeat on topic "phoenix" → phx_reply ok; phx_leave → phx_reply ok, then phx_close.
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { listenWebSocket, type RunningServer } from './listen.ts';

type Payload = unknown;
interface Message {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Payload;
}

const KIND = { push: 0, reply: 1, broadcast: 2 } as const;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Phoenix's V2 binary frame: kind, one length byte per header field, the fields, the payload. */
function binaryFrame(kind: number, fields: string[], payload: Uint8Array): Buffer {
  const encoded = fields.map((field) => encoder.encode(field));
  return Buffer.concat([Buffer.from([kind, ...encoded.map((field) => field.length)]), ...encoded, payload]);
}

/** A client's binary push: kind 0, join_ref, ref, topic, event sizes, then those fields and the payload. */
function readBinaryPush(bytes: Buffer): (Message & { payload: Uint8Array }) | undefined {
  if (bytes[0] !== KIND.push || bytes.length < 5) return undefined;
  const sizes = [...bytes.subarray(1, 5)];
  let offset = 5;
  const [joinRef, ref, topic, event] = sizes.map((size) => {
    const field = decoder.decode(bytes.subarray(offset, offset + size));
    offset += size;
    return field;
  });
  return { joinRef: joinRef ?? null, ref: ref ?? null, topic: topic ?? '', event: event ?? '', payload: new Uint8Array(bytes.subarray(offset)) };
}

interface Connection {
  socket: WebSocket;
  v2: boolean;
  /** join_ref by joined topic. */
  joined: Map<string, string | null>;
}

export async function startPhoenixServer(): Promise<RunningServer> {
  const connections = new Set<Connection>();

  const sendJson = (connection: Connection, message: Message) => {
    const { joinRef, ref, topic, event, payload } = message;
    // V1 leaves join_ref out; both serializers' JSON libraries write keys in this order.
    connection.socket.send(JSON.stringify(connection.v2 ? [joinRef, ref, topic, event, payload] : { event, payload, ref, topic }));
  };
  const reply = (connection: Connection, request: Message, status: 'ok' | 'error', response: Payload) =>
    sendJson(connection, { joinRef: request.joinRef, ref: request.ref, topic: request.topic, event: 'phx_reply', payload: { status, response } });
  const broadcast = (topic: string, event: string, payload: Payload | Uint8Array) => {
    for (const connection of connections) {
      if (!connection.joined.has(topic)) continue;
      if (payload instanceof Uint8Array) connection.socket.send(binaryFrame(KIND.broadcast, [topic, event], payload));
      else sendJson(connection, { joinRef: null, ref: null, topic, event, payload });
    }
  };

  const handle = (connection: Connection, message: Message) => {
    const { topic, event } = message;
    if (topic === 'phoenix' && event === 'heartbeat') return reply(connection, message, 'ok', {});
    if (event === 'phx_join') {
      if (!topic.startsWith('room:')) return reply(connection, message, 'error', { reason: 'unmatched topic' });
      if ((message.payload as { reject?: boolean } | null)?.reject) return reply(connection, message, 'error', { reason: 'unauthorized' });
      connection.joined.set(topic, message.joinRef ?? message.ref);
      reply(connection, message, 'ok', {});
      return sendJson(connection, { joinRef: message.joinRef, ref: null, topic, event: 'welcome', payload: { topic } });
    }
    if (!connection.joined.has(topic)) return reply(connection, message, 'error', { reason: 'unmatched topic' });
    if (event === 'phx_leave') {
      reply(connection, message, 'ok', {});
      const joinRef = connection.joined.get(topic) ?? null;
      connection.joined.delete(topic);
      return sendJson(connection, { joinRef, ref: joinRef, topic, event: 'phx_close', payload: {} });
    }
    if (event === 'new_msg') {
      reply(connection, message, 'ok', {});
      return broadcast(topic, 'new_msg', message.payload);
    }
    reply(connection, message, 'error', { reason: `no handler for ${event}` });
  };

  const handleUpload = (connection: Connection, push: Message & { payload: Uint8Array }) => {
    if (!connection.joined.has(push.topic)) return reply(connection, push, 'error', { reason: 'unmatched topic' });
    const reversed = new Uint8Array([...push.payload].reverse());
    connection.socket.send(binaryFrame(KIND.reply, [push.joinRef ?? '', push.ref ?? '', push.topic, 'ok'], reversed));
    broadcast(push.topic, 'uploaded', push.payload);
    connection.socket.send(binaryFrame(KIND.push, [push.joinRef ?? '', push.topic, 'thumb'], push.payload.subarray(0, 1)));
  };

  const onSocket = (socket: WebSocket, request: IncomingMessage) => {
    const vsn = new URL(request.url ?? '/', 'http://localhost').searchParams.get('vsn') ?? '1.0.0';
    const connection: Connection = { socket, v2: vsn.startsWith('2.'), joined: new Map() };
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
    socket.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        const push = connection.v2 ? readBinaryPush(data) : undefined;
        if (push?.event === 'upload') handleUpload(connection, push);
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString('utf8'));
      } catch {
        return;
      }
      if (connection.v2 && Array.isArray(parsed) && parsed.length === 5) {
        const [joinRef, ref, topic, event, payload] = parsed as [string | null, string | null, string, string, Payload];
        handle(connection, { joinRef, ref, topic, event, payload });
      } else if (!connection.v2 && typeof parsed === 'object' && parsed !== null) {
        const {
          join_ref: joinRef = null,
          ref = null,
          topic,
          event,
          payload,
        } = parsed as { join_ref?: string; ref?: string; topic: string; event: string; payload: Payload };
        handle(connection, { joinRef, ref, topic, event, payload });
      }
    });
  };
  return listenWebSocket({ path: '/socket/websocket', chooseProtocol: () => false, onSocket });
}
