// Live demo feeds on 127.0.0.1: the traffic a user sees in the panel during `npm run demo`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { demoPageHtml, demoWorkerJs } from './page';

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

const TICKER_SYMBOLS = ['BTC', 'ETH', 'SOL', 'ADA'];
export const CUSTOM_CLOSE_CODE = 4001;
/** The /api feed's answer delay per method, in milliseconds (each varies by ±50 %). */
const API_DELAYS: Record<string, number> = { ping: 10, getQuote: 60, getHistory: 250, placeOrder: 500 };

/** Starts the demo page, its worker script and its WebSocket feeds on one port (0 = any free port). */
export async function startDemoServer(port = 0): Promise<DemoServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/worker.js') return void res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(demoWorkerJs);
    if (path !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(demoPageHtml);
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: true, handleProtocols: (p) => [...p][0] ?? false });
  const chatRoom = new Set<WebSocket>();
  const timers = new Set<NodeJS.Timeout>();
  const every = (ms: number, socket: WebSocket, tick: () => void): void => {
    const timer = setInterval(tick, ms);
    timers.add(timer);
    socket.on('close', () => (clearInterval(timer), timers.delete(timer)));
  };

  wss.on('connection', (socket, req) => {
    const path = new URL(req.url ?? '/', 'http://demo').pathname;
    if (path === '/chat') {
      // Echo chat: every message goes back to everyone in the room, with who and when.
      chatRoom.add(socket);
      socket.on('close', () => chatRoom.delete(socket));
      socket.send(JSON.stringify({ type: 'welcome', room: 'demo', members: chatRoom.size }));
      socket.on('message', (data) => {
        const text = data.toString();
        for (const member of chatRoom) member.send(JSON.stringify({ type: 'chat', text, at: new Date().toISOString() }));
      });
    } else if (path === '/ticker') {
      // JSON ticker: several quotes a second.
      let sequence = 0;
      every(200, socket, () => {
        const symbol = TICKER_SYMBOLS[sequence % TICKER_SYMBOLS.length];
        socket.send(JSON.stringify({ seq: ++sequence, symbol, price: +(100 + Math.random() * 50).toFixed(2), ts: Date.now() }));
      });
    } else if (path === '/prices') {
      // The worker's feed: a quote every 300 ms, after the worker's subscription.
      let sequence = 0;
      socket.once('message', () => every(300, socket, () => socket.send(JSON.stringify({ seq: ++sequence, price: +(20 + Math.random() * 5).toFixed(2) }))));
    } else if (path === '/stream') {
      // The WebSocketStream's echo.
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    } else if (path === '/binary') {
      // Binary stream: a little-endian header (sequence, timestamp) and a sine-wave sample block.
      let sequence = 0;
      every(500, socket, () => {
        const frame = Buffer.alloc(48);
        frame.writeUInt32LE(++sequence, 0);
        frame.writeDoubleLE(Date.now(), 4);
        for (let i = 0; i < 9; i++) frame.writeInt32LE(Math.round(Math.sin((sequence + i) / 3) * 1000), 12 + i * 4);
        socket.send(frame);
      });
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    } else if (path === '/api') {
      // Request/answer API: each request's id comes back after a delay that depends on the method (so the
      // latency histogram has shape); 'report' is never answered, so the Unanswered filter has something.
      socket.on('message', (data) => {
        let request: { id?: unknown; method?: unknown };
        try {
          request = JSON.parse(data.toString()) as typeof request;
        } catch {
          return;
        }
        if (request.method === 'report') return;
        const delay = (API_DELAYS[String(request.method)] ?? 50) * (0.5 + Math.random());
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id: request.id, ok: true, result: { method: request.method, at: Date.now() } }));
        }, delay);
        timers.add(timer);
      });
    } else if (path === '/closer') {
      // Closes with an application close code after a few messages.
      let count = 0;
      every(700, socket, () => {
        if (++count <= 3) socket.send(`closing soon (${count}/3)`);
        else socket.close(CUSTOM_CLOSE_CODE, 'demo: session expired');
      });
    } else {
      socket.close(1008, 'unknown demo feed');
    }
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${boundPort}/`,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
