// A real Socket.IO 4 server (EIO 4, and EIO 3 for Socket.IO 2 clients) with the app behaviour the decoder
// tests exercise: an echoed chat, an ack'ed sum, a binary upload answered with bytes, a server-side
// question the client acks, an /admin namespace taking auth, and a /private one whose middleware refuses.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

export interface RunningSocketIoServer {
  /** ws://127.0.0.1:PORT (Socket.IO's path is /socket.io/). */
  wsUrl: string;
  httpUrl: string;
  io: Server;
  close(): Promise<void>;
}

export async function startSocketIoServer(): Promise<RunningSocketIoServer> {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { allowEIO3: true });
  io.on('connection', (socket) => {
    socket.on('chat message', (text: string) => io.emit('chat message', text));
    socket.on('add', (a: number, b: number, ack: (sum: number) => void) => ack(a + b));
    socket.on('upload', (first: Buffer, second: Buffer, ack: (reply: Buffer, total: number) => void) =>
      ack(Buffer.from([0xca, 0xfe]), first.length + second.length),
    );
    socket.on('ask me', async () => {
      const answer: unknown = await socket.timeout(5000).emitWithAck('question', 'ready?');
      socket.emit('answer was', answer);
    });
  });
  io.of('/admin').use((socket, next) =>
    socket.handshake.auth.token === 'secret' || socket.handshake.query.token === 'secret' ? next() : next(new Error('bad token')),
  );
  io.of('/admin').on('connection', (socket) => socket.on('stats', (ack: (stats: unknown) => void) => ack({ users: 1, big: 2 ** 60 })));
  io.of('/private').use((_socket, next) => next(Object.assign(new Error('not authorized'), { data: { code: 401 } })));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    io,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}
