// A real SockJS server (the sockjs package) that echoes what it gets, and closes the session with
// c[1000,"Normal closure"] when told 'bye': the plain (not STOMP) SockJS traffic of the decoder tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sockjs from 'sockjs';

export interface RunningSockJsServer {
  /** http://127.0.0.1:PORT/echo: the SockJS endpoint. */
  url: string;
  /** ws://127.0.0.1:PORT, for the recording proxy. */
  wsUrl: string;
  close(): Promise<void>;
}

export async function startSockJsEchoServer(): Promise<RunningSockJsServer> {
  const echo = sockjs.createServer({ log: () => {} });
  echo.on('connection', (connection) => {
    if (!connection) return;
    connection.on('data', (text: string) => (text === 'bye' ? connection.close() : connection.write(text)));
  });
  const httpServer = http.createServer();
  echo.installHandlers(httpServer, { prefix: '/echo' });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/echo`,
    wsUrl: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
