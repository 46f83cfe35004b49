// A WebSocket proxy on 127.0.0.1 that records every message between a protocol's real client and its
// real server, so decoder tests read traffic the libraries really produce rather than our idea of it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export interface RecordedMessage {
  /** As the page would see it: 'send' is client to server. */
  direction: 'send' | 'receive';
  kind: 'text' | 'binary';
  text?: string;
  bytes?: Uint8Array;
}

export interface RecordedConnection {
  /** Path and query the client asked for, e.g. '/socket.io/?EIO=4&transport=websocket'. */
  url: string;
  requestedProtocols: string[];
  /** The sub-protocol the server chose, '' if none. */
  protocol: string;
  messages: RecordedMessage[];
}

export interface RecordingProxy {
  /** ws://127.0.0.1:PORT: point the client here instead of at the server. */
  wsUrl: string;
  /** http://127.0.0.1:PORT, for clients that want an http(s) base URL. Only WebSocket upgrades are recorded. */
  httpUrl: string;
  connections: RecordedConnection[];
  close(): Promise<void>;
}

/** Proxies every WebSocket to `upstream` (ws://host:port), same path, same offered sub-protocols. */
export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const connections: RecordedConnection[] = [];
  // Plain HTTP (SockJS's /info, SignalR's /negotiate) goes through unrecorded, so such clients can start.
  const upstreamHttp = new URL(upstream.replace(/^ws/, 'http'));
  const server = http.createServer((req, res) => {
    const forwarded = http.request(
      { host: upstreamHttp.hostname, port: upstreamHttp.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.once('error', () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
  const chosenProtocol = new WeakMap<http.IncomingMessage, string>();
  // The server's choice of sub-protocol reaches the client unchanged.
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (_offered, req) => chosenProtocol.get(req) || false });
  server.on('upgrade', (req, socket, head) => {
    const offered = (req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    const upstreamSocket = new WebSocket(upstream + (req.url ?? '/'), offered, { perMessageDeflate: false });
    upstreamSocket.binaryType = 'nodebuffer';
    upstreamSocket.once('error', () => socket.destroy());
    upstreamSocket.once('open', () => {
      chosenProtocol.set(req, upstreamSocket.protocol);
      wss.handleUpgrade(req, socket, head, (client) => {
        const record: RecordedConnection = { url: req.url ?? '/', requestedProtocols: offered, protocol: upstreamSocket.protocol, messages: [] };
        connections.push(record);
        const forward = (from: WebSocket, to: WebSocket, direction: 'send' | 'receive') => {
          from.on('message', (data: Buffer, isBinary) => {
            record.messages.push(
              isBinary ? { direction, kind: 'binary', bytes: new Uint8Array(data) } : { direction, kind: 'text', text: data.toString('utf8') },
            );
            if (to.readyState === WebSocket.OPEN) to.send(data, { binary: isBinary });
          });
          from.on('close', (code, reason) => {
            if (to.readyState === WebSocket.OPEN) to.close(code === 1005 || code === 1006 ? 1000 : code, reason);
          });
        };
        forward(client, upstreamSocket, 'send');
        forward(upstreamSocket, client, 'receive');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
