// A chat server speaking Protocol Buffers over WebSocket (test/fixtures/proto/chat.proto, encoded by
// protobufjs): a welcome notice on connect; each chat.v1.Envelope received is answered by the same chat
// message with an id from the server, then a chat.v1.Ping. For decoder tests and later browser tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type protobuf from 'protobufjs';
import { WebSocketServer } from 'ws';

export interface RunningProtobufServer {
  /** ws://127.0.0.1:PORT/chat */
  url: string;
  close(): Promise<void>;
}

/** `root` holds chat.v1 (see test/unit/proto-fixtures.ts). Chooses an offered sub-protocol naming "proto". */
export async function startProtobufChatServer(root: protobuf.Root): Promise<RunningProtobufServer> {
  const Envelope = root.lookupType('chat.v1.Envelope');
  const encode = (value: Record<string, unknown>) => Envelope.encode(Envelope.fromObject(value)).finish();
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({
    server,
    perMessageDeflate: false,
    handleProtocols: (offered) => [...offered].find((name) => /proto/i.test(name)) ?? false,
  });
  let nextId = 9007199254740990n;
  let seq = 0;
  wss.on('connection', (socket) => {
    socket.send(encode({ notice: 'welcome' }));
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return;
      const received = Envelope.toObject(Envelope.decode(data), { longs: String }) as { chat?: Record<string, unknown> };
      if (!received.chat) return;
      nextId += 1n;
      socket.send(encode({ chat: { ...received.chat, id: String(nextId) } }));
      socket.send(encode({ ping: { seq: ++seq } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/chat`,
    close: async () => {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
