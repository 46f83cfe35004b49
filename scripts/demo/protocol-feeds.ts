// Demo feeds speaking sub-protocols, so the panel's protocol views have something to read: Socket.IO
// (Engine.IO v4), STOMP 1.2 and GraphQL over WebSocket (graphql-transport-ws). The page speaks them by hand
// (scripts/demo/page.ts), as small as each protocol allows; the tests run the real libraries.
import type { WebSocket } from 'ws';

type Every = (ms: number, socket: WebSocket, tick: () => void) => void;

const HEADLINES = ['Markets open higher', 'Rates unchanged', 'New record for ACME', 'Storm warning lifted'];

/** Socket.IO on Engine.IO v4: the handshake, a news event every 1.5 s, pings, and acks for the page's "add". */
function socketIo(socket: WebSocket, every: Every): void {
  socket.send('0{"sid":"demo-sid","upgrades":[],"pingInterval":5000,"pingTimeout":20000,"maxPayload":1000000}');
  let headline = 0;
  every(5000, socket, () => socket.send('2'));
  socket.on('message', (data) => {
    const text = data.toString();
    if (text === '40') {
      socket.send('40{"sid":"demo-socket"}');
      every(1500, socket, () => socket.send(`42${JSON.stringify(['news', { headline: HEADLINES[headline++ % HEADLINES.length], at: Date.now() }])}`));
      return;
    }
    // An event with an ack id: 42<id>[name, ...args]; "add" is answered with the sum.
    const acked = /^42(\d+)(\[.*\])$/s.exec(text);
    if (!acked) return;
    const [name, ...args] = JSON.parse(acked[2]!) as [string, ...unknown[]];
    if (name === 'add') socket.send(`43${acked[1]}${JSON.stringify([args.reduce((sum: number, value) => sum + Number(value), 0)])}`);
  });
}

const stompFrame = (command: string, headers: Record<string, string>, body = ''): string =>
  `${command}\n${Object.entries(headers)
    .map(([name, value]) => `${name}:${value}\n`)
    .join('')}\n${body}\0`;

/** STOMP 1.2: CONNECTED, then a MESSAGE on /topic/prices every second to the page's subscription; a RECEIPT for a SEND that asks. */
function stomp(socket: WebSocket, every: Every): void {
  let messageId = 0;
  socket.on('message', (data) => {
    const frame = data.toString();
    const command = frame.slice(0, frame.indexOf('\n'));
    const header = (name: string) => new RegExp(`\n${name}:([^\n]*)`).exec(frame)?.[1];
    if (command === 'CONNECT' || command === 'STOMP') socket.send(stompFrame('CONNECTED', { version: '1.2', 'heart-beat': '0,0', server: 'demo/1.0' }));
    else if (command === 'SUBSCRIBE') {
      const subscription = header('id') ?? '0';
      const destination = header('destination') ?? '/topic/prices';
      every(1000, socket, () => {
        const body = JSON.stringify({ symbol: 'ACME', price: +(12 + Math.random()).toFixed(2) });
        socket.send(stompFrame('MESSAGE', { subscription, 'message-id': String(++messageId), destination, 'content-type': 'application/json' }, body));
      });
    } else if (command === 'SEND') {
      const receipt = header('receipt');
      if (receipt) socket.send(stompFrame('RECEIPT', { 'receipt-id': receipt }));
    }
  });
}

/** graphql-transport-ws: acknowledges the init, answers a subscription with a "next" every 2 s, and a query with one "next" and "complete". */
function graphqlWs(socket: WebSocket, every: Every): void {
  socket.on('message', (data) => {
    let message: { type?: string; id?: string; payload?: { operationName?: string } };
    try {
      message = JSON.parse(data.toString()) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'connection_init') socket.send(JSON.stringify({ type: 'connection_ack' }));
    else if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
    else if (message.type === 'subscribe' && message.id) {
      const { id } = message;
      const next = () =>
        socket.send(JSON.stringify({ id, type: 'next', payload: { data: { price: { symbol: 'ACME', value: +(12 + Math.random()).toFixed(2) } } } }));
      if (message.payload?.operationName?.startsWith('On')) every(2000, socket, next);
      else {
        next();
        socket.send(JSON.stringify({ id, type: 'complete' }));
      }
    }
  });
}

/** The protocol feeds by path. */
export const PROTOCOL_FEEDS: Record<string, (socket: WebSocket, every: Every) => void> = {
  '/socket.io/': socketIo,
  '/stomp': stomp,
  '/graphql': graphqlWs,
};
