// sockjs-client (in Node, its WebSocket transport) against the real sockjs server, through the recording
// proxy: plain echo traffic, and STOMP over SockJS (@stomp/stompjs over sockjs-client, our broker behind
// sockjs), as Spring apps run it. Then the decoder over what was recorded.
import { Client, type IFrame } from '@stomp/stompjs';
import SockJS from 'sockjs-client';
import { afterAll, expect, test } from 'vitest';
import { detectProtocol } from '../../src/protocols/registry';
import { sockJsDecoder } from '../../src/protocols/sockjs';
import { decodeConnection, summaries } from './decode-connection';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './recording-proxy';
import { startSockJsEchoServer } from './servers/sockjs';
import { startStompServer } from './servers/stomp';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function proxied(server: { wsUrl: string; close(): Promise<void> }): Promise<RecordingProxy> {
  const proxy = await startRecordingProxy(server.wsUrl);
  cleanups.push(server.close, proxy.close);
  return proxy;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const context = (connection: RecordedConnection) => ({ url: connection.url, protocol: connection.protocol, requestedProtocols: connection.requestedProtocols });
const inputs = (connection: RecordedConnection) =>
  connection.messages.map((message) => ({ direction: message.direction, kind: 'text' as const, text: message.text! }));

test('sockjs-client and server: open, the client arrays, a[…] frames, close', async () => {
  const server = await startSockJsEchoServer();
  const proxy = await proxied(server);
  const socket = new SockJS(`${proxy.httpUrl}/echo`, undefined, { transports: ['websocket'] });
  const echoes: string[] = [];
  await new Promise<void>((resolve) => (socket.onopen = resolve));
  expect(socket.transport).toBe('websocket');
  const closed = new Promise<{ code: number }>((resolve) => (socket.onclose = resolve));
  socket.onmessage = (event) => echoes.push(event.data);
  socket.send('hello');
  await until(() => echoes.length === 1);
  socket.send('{"n":9007199254740993,"line":"a\\nb"}');
  await until(() => echoes.length === 2);
  socket.send('bye');
  expect((await closed).code).toBe(1000);

  const connection = proxy.connections[0]!;
  expect(connection.url).toMatch(/^\/echo\/\d+\/\w+\/websocket$/);
  expect(detectProtocol(context(connection), inputs(connection))?.id).toBe('sockjs');
  expect(detectProtocol({ ...context(connection), url: '/ws' }, inputs(connection))?.id).toBe('sockjs');
  const decoded = decodeConnection(sockJsDecoder, connection);
  expect(summaries(connection, decoded)).toEqual([
    '← open',
    '→ message hello',
    '← a message hello',
    '→ message {"n":9007199254740993,"line":"a\\nb"}',
    '← a message {"n":9007199254740993,"line":"a\\nb"}',
    '→ message bye',
    '← close 1000 Normal closure',
  ]);
  expect(decoded[4]!.items[0]!.tree).toEqual([
    {
      label: 'data',
      type: 'object',
      children: [
        { label: 'n', type: 'number', value: '9007199254740993' },
        { label: 'line', type: 'string', value: 'a\nb' },
      ],
    },
  ]);
  expect(decoded[6]!.items[0]!.fields).toEqual({ type: 'close', code: '1000', reason: 'Normal closure' });
  expect(decoded.filter((message) => message.error)).toEqual([]);
});

test('STOMP over SockJS: stompjs on sockjs-client, our broker on the sockjs server; each inner message decoded as STOMP', async () => {
  const server = await startStompServer();
  const proxy = await proxied(server);
  const client = new Client({
    webSocketFactory: () => new SockJS(`${proxy.httpUrl}/stomp`, undefined, { transports: ['websocket'] }),
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    reconnectDelay: 0,
  });
  const connected = new Promise<IFrame>((resolve) => (client.onConnect = resolve));
  client.activate();
  await connected;
  const received = new Promise<IFrame>((resolve) => client.subscribe('/queue/orders', resolve));
  const receipted = new Promise<IFrame>((resolve) => client.watchForReceipt('order-7', resolve));
  client.publish({ destination: '/queue/orders', body: '{"qty":10,"price":99.90}', headers: { 'content-type': 'application/json', receipt: 'order-7' } });
  expect((await received).body).toBe('{"qty":10,"price":99.90}');
  await receipted;
  await client.deactivate();
  const connection = proxy.connections[0]!;
  await until(() => connection.messages.some((message) => message.text?.includes('RECEIPT\\nreceipt-id:close-')));

  expect(detectProtocol(context(connection), inputs(connection))?.id).toBe('sockjs');
  const decoded = decodeConnection(sockJsDecoder, connection);
  expect(decoded.flatMap((message) => [message.error, ...message.items.map((item) => item.error)]).filter(Boolean)).toEqual([]);
  // The server may batch several frames in one a[…]: compare STOMP frames in order, then the framing.
  const frames = decoded.flatMap((message, index) =>
    message.items.map((item) => `${connection.messages[index]!.direction === 'send' ? '→' : '←'} ${item.type} ${item.key ?? ''}`.trimEnd()),
  );
  expect(frames.filter((frame) => frame !== '← close 1000 Normal closure')).toEqual([
    '← open',
    '→ CONNECT',
    '← CONNECTED',
    '→ SUBSCRIBE /queue/orders',
    '→ SEND /queue/orders',
    '← MESSAGE /queue/orders',
    '← RECEIPT order-7',
    '→ DISCONNECT',
    expect.stringMatching(/^← RECEIPT close-\d+$/),
  ]);
  expect(summaries(connection, decoded).slice(0, 5)).toEqual(['← open', '→ CONNECT', '← a CONNECTED', '→ SUBSCRIBE /queue/orders', '→ SEND /queue/orders']);
  const message = decoded.flatMap((entry) => entry.items).find((item) => item.type === 'MESSAGE')!;
  expect(message.fields).toMatchObject({ destination: '/queue/orders', subscription: 'sub-0', 'content-type': 'application/json' });
  expect(message.tree[1]).toEqual({
    label: 'body',
    type: 'object',
    children: [
      { label: 'qty', type: 'number', value: '10' },
      { label: 'price', type: 'number', value: '99.90' },
    ],
  });
  expect(
    decoded.flatMap((entry) => entry.items.flatMap((item) => (item.correlation ? [[item.type, item.correlation.role, item.correlation.id]] : []))).slice(0, 2),
  ).toEqual([
    ['SEND', 'request', 'order-7'],
    ['RECEIPT', 'response', 'order-7'],
  ]);
});
