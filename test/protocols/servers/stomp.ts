// A small STOMP 1.0-1.2 broker of ours (npm has no broker that runs in-process), written from the STOMP 1.2
// specification: CONNECT/STOMP → CONNECTED with version and heart-beat negotiation (then heart-beats both
// ways), SUBSCRIBE/UNSUBSCRIBE, SEND → MESSAGE to every subscriber of the destination, RECEIPT for any frame
// with a receipt header, ERROR (then close) for what it refuses, DISCONNECT. Its frame reader is its own,
// not the decoder's, so the decoder is tested against an independent implementation. Served over a plain
// WebSocket (sub-protocols v10.stomp, v11.stomp, v12.stomp) or over SockJS.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sockjs from 'sockjs';
import { WebSocketServer } from 'ws';

/** One client's transport, as the broker sees it. */
export interface StompTransport {
  send(frame: string | Uint8Array): void;
  close(): void;
}

export interface StompBrokerOptions {
  /** The broker's heart-beat header: [can send every ms, wants to receive every ms]. Default [0, 0]. */
  heartBeat?: [number, number];
}

interface Frame {
  command: string;
  headers: [string, string][];
  body: Uint8Array;
}

const VERSIONS = ['1.2', '1.1', '1.0'];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function createStompBroker(options: StompBrokerOptions = {}) {
  const [canSend, wantsReceive] = options.heartBeat ?? [0, 0];
  const subscriptions = new Map<string, { session: Session; id: string }[]>();
  let messageCount = 0;

  class Session {
    private buffer = new Uint8Array(0);
    private version = '1.0';
    private connected = false;
    private heartBeatTimer: ReturnType<typeof setInterval> | undefined;
    private binary = false;

    constructor(private readonly transport: StompTransport) {}

    receive(data: string | Uint8Array): void {
      this.binary = typeof data !== 'string';
      const bytes = typeof data === 'string' ? encoder.encode(data) : data;
      const joined = new Uint8Array(this.buffer.length + bytes.length);
      joined.set(this.buffer);
      joined.set(bytes, this.buffer.length);
      this.buffer = joined;
      for (;;) {
        const read = readFrame(this.buffer, this.connected && this.version !== '1.0');
        if (!read) break;
        this.buffer = this.buffer.subarray(read.end);
        if (read.frame) this.handle(read.frame);
      }
    }

    closed(): void {
      clearInterval(this.heartBeatTimer);
      for (const [destination, list] of subscriptions) {
        subscriptions.set(
          destination,
          list.filter((entry) => entry.session !== this),
        );
      }
    }

    private handle(frame: Frame): void {
      const header = (name: string) => frame.headers.find(([key]) => key === name)?.[1];
      if (!this.connected && frame.command !== 'CONNECT' && frame.command !== 'STOMP')
        return this.error('not connected: send CONNECT first', header('receipt'));
      switch (frame.command) {
        case 'CONNECT':
        case 'STOMP':
          return this.connect(header);
        case 'SUBSCRIBE': {
          const destination = header('destination');
          if (!destination) return this.error('SUBSCRIBE without a destination', header('receipt'));
          const list = subscriptions.get(destination) ?? [];
          list.push({ session: this, id: header('id') ?? destination });
          subscriptions.set(destination, list);
          break;
        }
        case 'UNSUBSCRIBE':
          for (const [destination, list] of subscriptions) {
            subscriptions.set(
              destination,
              list.filter((entry) => entry.session !== this || entry.id !== header('id')),
            );
          }
          break;
        case 'SEND': {
          const destination = header('destination');
          if (!destination) return this.error('SEND without a destination', header('receipt'));
          const copied = frame.headers.filter(([name]) => !['destination', 'receipt', 'content-length', 'transaction'].includes(name));
          for (const subscriber of subscriptions.get(destination) ?? []) {
            const headers: [string, string][] = [
              ['destination', destination],
              ['message-id', String(++messageCount)],
              ['subscription', subscriber.id],
              ...copied,
            ];
            subscriber.session.write('MESSAGE', headers, frame.body, this.binary);
          }
          break;
        }
        case 'DISCONNECT':
          clearInterval(this.heartBeatTimer);
          if (header('receipt')) this.write('RECEIPT', [['receipt-id', header('receipt')!]]);
          return this.transport.close();
        case 'BEGIN':
        case 'COMMIT':
        case 'ABORT':
        case 'ACK':
        case 'NACK':
          break;
        default:
          return this.error(`unknown command ${frame.command}`, header('receipt'));
      }
      const receipt = header('receipt');
      if (receipt !== undefined) this.write('RECEIPT', [['receipt-id', receipt]]);
    }

    private connect(header: (name: string) => string | undefined): void {
      const offered = (header('accept-version') ?? '1.0').split(',');
      const version = VERSIONS.find((candidate) => offered.includes(candidate));
      if (!version) return this.error(`no common version (server speaks ${VERSIONS.join(',')})`);
      if (header('passcode') === 'wrong') return this.error('bad credentials');
      this.version = version;
      this.connected = true;
      const clientWants = Number((header('heart-beat') ?? '0,0').split(',')[1] ?? 0);
      const toClient = canSend && clientWants ? Math.max(canSend, clientWants) : 0;
      const headers: [string, string][] = [
        ['version', version],
        ['heart-beat', `${canSend},${wantsReceive}`],
        ['server', 'test-broker/1.0'],
        ['session', `session-${Math.random().toString(36).slice(2)}`],
      ];
      this.write('CONNECTED', headers);
      if (toClient > 0) this.heartBeatTimer = setInterval(() => this.transport.send('\n'), toClient);
    }

    private error(message: string, receipt?: string): void {
      const headers: [string, string][] = [['message', message]];
      if (receipt !== undefined) headers.push(['receipt-id', receipt]);
      this.write('ERROR', headers, encoder.encode(message), false, 'text/plain');
      this.transport.close();
    }

    write(command: string, headers: [string, string][], body: Uint8Array = new Uint8Array(0), binary = false, contentType?: string): void {
      const escape = command !== 'CONNECTED' && this.version !== '1.0';
      const lines = [command, ...headers.map(([name, value]) => `${escape ? escapeHeader(name) : name}:${escape ? escapeHeader(value) : value}`)];
      if (contentType !== undefined) lines.push(`content-type:${contentType}`);
      if (body.length > 0) lines.push(`content-length:${body.length}`);
      const head = encoder.encode(`${lines.join('\n')}\n\n`);
      const frame = new Uint8Array(head.length + body.length + 1);
      frame.set(head);
      frame.set(body, head.length);
      this.transport.send(binary ? frame : decoder.decode(frame));
    }
  }

  return {
    /** A new client on `transport`: feed it what the client sends, tell it when the transport closes. */
    connect(transport: StompTransport) {
      const session = new Session(transport);
      return { receive: (data: string | Uint8Array) => session.receive(data), closed: () => session.closed() };
    },
  };
}

function escapeHeader(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/:/g, '\\c');
}

function unescapeHeader(text: string): string {
  return text.replace(/\\([\\rnc])/g, (_match, char: string) => ({ '\\': '\\', r: '\r', n: '\n', c: ':' })[char]!);
}

/** The next frame in `bytes` (a heart-beat EOL yields no frame), or undefined when it is not complete yet. */
function readFrame(bytes: Uint8Array, escaped: boolean): { frame?: Frame; end: number } | undefined {
  if (bytes[0] === 0x0a) return { end: 1 };
  if (bytes[0] === 0x0d && bytes[1] === 0x0a) return { end: 2 };
  const lines: string[] = [];
  let at = 0;
  for (;;) {
    const lf = bytes.indexOf(0x0a, at);
    if (lf < 0) return undefined;
    const line = decoder.decode(bytes.subarray(at, lf)).replace(/\r$/, '');
    at = lf + 1;
    if (line === '') break;
    lines.push(line);
  }
  const [command, ...headerLines] = lines as [string, ...string[]];
  const unescape = escaped && command !== 'CONNECT' && command !== 'STOMP';
  const headers = headerLines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    const [name, value] = [line.slice(0, colon), line.slice(colon + 1)];
    return unescape ? [unescapeHeader(name), unescapeHeader(value)] : [name, value];
  });
  const length = headers.find(([name]) => name === 'content-length')?.[1];
  const bodyEnd = length !== undefined ? at + Number(length) : bytes.indexOf(0, at);
  if (bodyEnd < 0 || bodyEnd >= bytes.length) return undefined;
  return { frame: { command, headers, body: bytes.slice(at, bodyEnd) }, end: bodyEnd + 1 };
}

export interface RunningStompServer {
  /** ws://127.0.0.1:PORT (any path) for plain STOMP over WebSocket. */
  wsUrl: string;
  /** http://127.0.0.1:PORT/stomp: the SockJS endpoint (STOMP over SockJS), when started with sockjs. */
  sockJsUrl: string;
  close(): Promise<void>;
}

/** The broker over a plain WebSocket (choosing the highest v1x.stomp offered) and over SockJS at /stomp. */
export async function startStompServer(options: StompBrokerOptions = {}): Promise<RunningStompServer> {
  const broker = createStompBroker(options);
  const httpServer = http.createServer();
  const sockJs = sockjs.createServer({ log: () => {} });
  sockJs.on('connection', (connection) => {
    if (!connection) return;
    const client = broker.connect({
      send: (frame) => connection.write(typeof frame === 'string' ? frame : decoder.decode(frame)),
      close: () => connection.close(),
    });
    connection.on('data', (text: string) => client.receive(text));
    connection.on('close', () => client.closed());
  });
  sockJs.installHandlers(httpServer, { prefix: '/stomp' });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => ['v12.stomp', 'v11.stomp', 'v10.stomp'].find((name) => offered.has(name)) ?? false,
  });
  httpServer.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/stomp/')) return; // SockJS's own upgrade handler
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client = broker.connect({ send: (frame) => ws.send(frame), close: () => ws.close() });
      ws.on('message', (data: Buffer, isBinary) => client.receive(isBinary ? new Uint8Array(data) : data.toString('utf8')));
      ws.on('close', () => client.closed());
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    sockJsUrl: `http://127.0.0.1:${port}/stomp`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
