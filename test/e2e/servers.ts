// Local HTTP page server and `ws` WebSocket servers on 127.0.0.1 for browser tests.
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';

export interface TestServer {
  /** http://127.0.0.1:PORT */
  httpUrl: string;
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  /** Serve `html` at `path` (e.g. '/page.html'). */
  page(path: string, html: string): string;
  /** Answer HTTP requests for `path` (any method, any query) with `handler`, before any page there. */
  route(path: string, handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): void;
  /** Everything the WebSocket server received, per path, in order, with its arrival time (ms). */
  received: Map<string, { data: RawData; isBinary: boolean; at: number }[]>;
  /** Sockets currently connected, per path. */
  sockets: Map<string, WebSocket[]>;
  /** The HTTP request headers of every WebSocket handshake, per path, in order. */
  handshakeHeaders: Map<string, IncomingHttpHeaders[]>;
  /**
   * Gives WebSockets on `path` to `handler` instead of the behaviour below (what they send is still
   * recorded in `received`, and the socket listed in `sockets`). `numberUpgrades`: each handshake's
   * answer carries `X-Upgrade-Number: k`, k counting this path's handshakes from 0 as they arrive.
   */
  socketRoute(path: string, handler: (socket: WebSocket, url: URL) => void, options?: { numberUpgrades?: boolean }): void;
  close(): Promise<void>;
}

/**
 * One server for pages and WebSockets. WebSocket behaviour by path:
 * /echo echoes every message; /close?code=N&reason=R closes at once with that code;
 * /silent only records; /burst?n=N&size=S sends N text messages of about S bytes at once, numbered
 * from 0 (JSON `{"i":k,"pad":"…"}`), then, given `close=CODE`, closes with that code; any other path
 * echoes too, unless `socketRoute` gave it a handler.
 */
/**
 * `perMessageDeflate`: whether the server negotiates permessage-deflate (tests check the extension
 * sees it). Benches turn it off: ws and most production servers leave it off by default, and
 * compressing every message would make the server, not the page, the bottleneck being timed.
 */
export async function startTestServer({ perMessageDeflate = true }: { perMessageDeflate?: boolean } = {}): Promise<TestServer> {
  const pages = new Map<string, string>();
  const routes = new Map<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes.get(path);
    if (route) {
      route(req, res);
      return;
    }
    const html = pages.get(path);
    if (html === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  const received = new Map<string, { data: RawData; isBinary: boolean; at: number }[]>();
  const sockets = new Map<string, WebSocket[]>();
  const handshakeHeaders = new Map<string, IncomingHttpHeaders[]>();
  const socketRoutes = new Map<string, (socket: WebSocket, url: URL) => void>();
  const upgradeCounts = new Map<string, number>();
  const wss = new WebSocketServer({
    server,
    perMessageDeflate,
    handleProtocols: (protocols) => (protocols.size > 0 ? [...protocols][0]! : false),
  });
  wss.on('headers', (headers, req) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const count = upgradeCounts.get(path);
    if (count === undefined) return;
    headers.push(`X-Upgrade-Number: ${count}`);
    upgradeCounts.set(path, count + 1);
  });
  wss.on('connection', (socket, req) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (!received.has(path)) received.set(path, []);
    if (!sockets.has(path)) sockets.set(path, []);
    sockets.get(path)!.push(socket);
    handshakeHeaders.set(path, [...(handshakeHeaders.get(path) ?? []), req.headers]);
    const socketRoute = socketRoutes.get(path);
    socket.on('message', (data, isBinary) => {
      received.get(path)!.push({ data, isBinary, at: Date.now() });
      if (path !== '/silent' && !socketRoute) socket.send(data, { binary: isBinary });
    });
    if (socketRoute) {
      socketRoute(socket, url);
      return;
    }
    if (path === '/burst') {
      const count = Number(url.searchParams.get('n') ?? 1000);
      const pad = 'p'.repeat(Math.max(0, Number(url.searchParams.get('size') ?? 16) - 16));
      for (let i = 0; i < count; i++) socket.send(JSON.stringify({ i, pad }));
      if (url.searchParams.has('close')) socket.close(Number(url.searchParams.get('close')));
    }
    if (path === '/close') {
      socket.close(Number(url.searchParams.get('code') ?? 1000), url.searchParams.get('reason') ?? '');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    page(path, html) {
      pages.set(path, html);
      return `http://127.0.0.1:${port}${path}`;
    },
    route(path, handler) {
      routes.set(path, handler);
    },
    socketRoute(path, handler, options) {
      socketRoutes.set(path, handler);
      if (options?.numberUpgrades) upgradeCounts.set(path, 0);
    },
    received,
    sockets,
    handshakeHeaders,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
