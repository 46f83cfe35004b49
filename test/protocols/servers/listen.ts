// A WebSocket server on 127.0.0.1 at a free port, for the protocol servers of this folder.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RunningServer {
  /** ws://127.0.0.1:PORT plus the path given. */
  url: string;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Appended to the URL (the path clients are told to use). */
  path: string;
  /** The sub-protocol to choose among those offered, or false for none. */
  chooseProtocol: (offered: Set<string>) => string | false;
  /** Each connection, with its upgrade request (URL, headers). */
  onSocket?: (socket: WebSocket, request: http.IncomingMessage) => void;
  /** For servers that take the WebSocketServer itself (graphql-ws's useServer). */
  onServer?: (wss: WebSocketServer) => void;
  /** Runs on close, after every socket is terminated. */
  onClose?: () => Promise<void>;
}

export async function listenWebSocket({ path, chooseProtocol, onSocket, onServer, onClose }: ListenOptions): Promise<RunningServer> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, perMessageDeflate: false, handleProtocols: chooseProtocol });
  if (onSocket) wss.on('connection', onSocket);
  onServer?.(wss);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}${path}`,
    close: async () => {
      for (const socket of wss.clients) socket.terminate();
      await onClose?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
