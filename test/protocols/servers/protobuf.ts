// A chat server speaking Protocol Buffers over WebSocket (test/fixtures/proto/chat.proto, encoded by
// protobufjs): a welcome notice on connect; each chat.v1.Envelope received is answered by the same chat
// message with an id from the server, then a chat.v1.Ping. For decoder tests and later browser tests.
import type protobuf from 'protobufjs';
import { listenWebSocket, type RunningServer } from './listen';

/** `root` holds chat.v1 (see test/unit/proto-fixtures.ts). Chooses an offered sub-protocol naming "proto". */
export async function startProtobufChatServer(root: protobuf.Root): Promise<RunningServer> {
  const Envelope = root.lookupType('chat.v1.Envelope');
  const encode = (value: Record<string, unknown>) => Envelope.encode(Envelope.fromObject(value)).finish();
  let nextId = 9007199254740990n;
  let seq = 0;
  return listenWebSocket({
    path: '/chat',
    chooseProtocol: (offered) => [...offered].find((name) => /proto/i.test(name)) ?? false,
    onSocket: (socket) => {
      socket.send(encode({ notice: 'welcome' }));
      socket.on('message', (data: Buffer, isBinary) => {
        if (!isBinary) return;
        const received = Envelope.toObject(Envelope.decode(data), { longs: String }) as { chat?: Record<string, unknown> };
        if (!received.chat) return;
        nextId += 1n;
        socket.send(encode({ chat: { ...received.chat, id: String(nextId) } }));
        socket.send(encode({ ping: { seq: ++seq } }));
      });
    },
  });
}
