// One way for the test protocol servers to listen: an HTTP server on 127.0.0.1 (an ephemeral port) that
// only upgrades to WebSocket, and a close that ends every connection.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type ServerOptions } from 'ws';

export interface RunningServer {
  /** ws://127.0.0.1:PORT (append the protocol's path). */
  url: string;
  close(): Promise<void>;
}

/** A WebSocketServer on a fresh 127.0.0.1 port; `onClose` runs first on close (the protocol's own cleanup). */
export async function listenWebSockets(
  options: Omit<ServerOptions, 'server' | 'port' | 'host' | 'noServer'>,
  onClose: () => unknown = () => undefined,
): Promise<{ wss: WebSocketServer; running: RunningServer }> {
  const server = http.createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ ...options, server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const running: RunningServer = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await onClose();
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return { wss, running };
}
