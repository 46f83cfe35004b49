// @stomp/stompjs (the client STOMP apps use in browsers) against our broker (test/protocols/servers/stomp.ts)
// over a plain WebSocket, through the recording proxy; then the decoder over what was recorded.
import { Client, type IFrame } from '@stomp/stompjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { detectProtocol } from '../../src/protocols/registry';
import { stompDecoder } from '../../src/protocols/stomp';
import { decodeConnection, summaries } from './decode-connection';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './recording-proxy';
import { startStompServer, type RunningStompServer } from './servers/stomp';

let server: RunningStompServer;
let proxy: RecordingProxy;
beforeAll(async () => {
  server = await startStompServer({ heartBeat: [20, 20] });
  proxy = await startRecordingProxy(server.wsUrl);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function stompClient(passcode: string, heartbeat: number, options: Partial<Client> = {}): Client {
  const client = new Client({
    ...options,
    webSocketFactory: () => new WebSocket(`${proxy.wsUrl}/ws`, ['v12.stomp', 'v11.stomp', 'v10.stomp']),
    connectHeaders: { login: 'guest', passcode },
    heartbeatIncoming: heartbeat,
    heartbeatOutgoing: heartbeat,
    reconnectDelay: 0,
  });
  // Short heart-beats so the test sees some, but a late one never closes the socket on a busy machine.
  client.heartbeatToleranceMultiplier = 1000;
  return client;
}

const context = (connection: RecordedConnection) => ({ url: connection.url, protocol: connection.protocol, requestedProtocols: connection.requestedProtocols });

test('stompjs: CONNECT with heart-beats, SUBSCRIBE, SEND JSON and binary bodies, receipts, a transaction, UNSUBSCRIBE, DISCONNECT', async () => {
  const client = stompClient('guest', 20);
  const connected = new Promise<IFrame>((resolve) => (client.onConnect = resolve));
  client.activate();
  expect((await connected).headers.version).toBe('1.2');
  const received: IFrame[] = [];
  const prices = client.subscribe('/topic/prices', (frame) => received.push(frame));
  const receipted = new Promise<IFrame>((resolve) => client.watchForReceipt('order-1', resolve));
  client.publish({
    destination: '/topic/prices',
    body: '{"symbol":"ACME","price":12.50,"volume":9007199254740993}',
    headers: { receipt: 'order-1', 'content-type': 'application/json', note: 'line one\nline: two' },
  });
  await receipted;
  client.publish({ destination: '/topic/prices', binaryBody: new Uint8Array([0, 1, 2, 0xff]), headers: { 'content-type': 'application/octet-stream' } });
  await until(() => received.length === 2);
  const transaction = client.begin('tx-1');
  client.publish({ destination: '/queue/orders', body: 'buy 10', headers: { transaction: transaction.id } });
  transaction.commit();
  expect(received[0]!.headers.note).toBe('line one\nline: two');
  prices.unsubscribe();
  const connection = proxy.connections[0]!;
  await until(() => ['send', 'receive'].every((direction) => connection.messages.some((message) => message.direction === direction && message.text === '\n')));
  await client.deactivate();
  await until(() => connection.messages.some((message) => message.text?.startsWith('RECEIPT\nreceipt-id:close-')));

  expect(connection.protocol).toBe('v12.stomp');
  expect(detectProtocol(context(connection), [])?.id).toBe('stomp');
  expect(detectProtocol({ url: '/ws', protocol: '', requestedProtocols: [] }, connection.messages.slice(0, 2) as never)?.id).toBe('stomp');
  const decoded = decodeConnection(stompDecoder, connection);
  expect(decoded.flatMap((message) => message.items.filter((item) => item.error))).toEqual([]);
  const lines = summaries(connection, decoded);
  expect(lines).toContain('→ heart-beat');
  expect(lines).toContain('← heart-beat');
  expect(lines.filter((line) => !line.endsWith('heart-beat'))).toEqual([
    '→ CONNECT',
    '← CONNECTED',
    '→ SUBSCRIBE /topic/prices',
    '→ SEND /topic/prices',
    '← MESSAGE /topic/prices',
    '← RECEIPT order-1',
    '→ SEND /topic/prices',
    '← MESSAGE /topic/prices',
    '→ BEGIN tx-1',
    '→ SEND /queue/orders',
    '→ COMMIT tx-1',
    '→ UNSUBSCRIBE sub-0',
    '→ DISCONNECT',
    expect.stringMatching(/^← RECEIPT close-\d+$/),
  ]);
  const items = decoded.flatMap((message) => message.items);
  const [jsonMessage, binaryMessage] = items.filter((item) => item.type === 'MESSAGE');
  expect(jsonMessage!.fields).toEqual({
    type: 'MESSAGE',
    destination: '/topic/prices',
    subscription: 'sub-0',
    'message-id': '1',
    'content-type': 'application/json',
  });
  expect(jsonMessage!.tree[1]).toEqual({
    label: 'body',
    type: 'object',
    children: [
      { label: 'symbol', type: 'string', value: 'ACME' },
      { label: 'price', type: 'number', value: '12.50' },
      { label: 'volume', type: 'number', value: '9007199254740993' },
    ],
  });
  // The broker escaped the header (STOMP 1.2: \n and \c); the tree shows it as the application set it.
  expect(connection.messages.find((message) => message.text?.startsWith('MESSAGE'))!.text).toContain('note:line one\\nline\\c two');
  expect(jsonMessage!.tree[0]!.children!.find((node) => node.label === 'note')).toEqual({ label: 'note', type: 'string', value: 'line one\nline: two' });
  expect(binaryMessage!.tree[1]).toEqual({ label: 'body (4 bytes)', type: 'bytes', value: '00 01 02 ff' });
  expect(items.filter((item) => item.correlation).map((item) => [item.type, item.correlation!.role, item.correlation!.id])).toEqual([
    ['SEND', 'request', 'order-1'],
    ['RECEIPT', 'response', 'order-1'],
    ['DISCONNECT', 'request', expect.stringMatching(/^close-\d+$/)],
    ['RECEIPT', 'response', expect.stringMatching(/^close-\d+$/)],
  ]);
  expect(items.find((item) => item.type === 'CONNECT')!.tree[0]!.children).toContainEqual({ label: 'heart-beat', type: 'string', value: '20,20' });
});

test('stompjs refused: the broker answers ERROR and closes', async () => {
  const client = stompClient('wrong', 0);
  const refused = new Promise<IFrame>((resolve) => (client.onStompError = resolve));
  client.activate();
  expect((await refused).headers.message).toBe('bad credentials');
  await client.deactivate();
  const connection = proxy.connections.at(-1)!;
  const decoded = decodeConnection(stompDecoder, connection);
  expect(summaries(connection, decoded)).toEqual(['→ CONNECT', '← ERROR bad credentials']);
  expect(decoded[1]!.items[0]!.tree[1]).toEqual({ label: 'body', type: 'text', value: 'bad credentials' });
});

test('stompjs splitLargeFrames: a SEND cut into WebSocket messages of 64 characters is joined again', async () => {
  const client = stompClient('guest', 0, { splitLargeFrames: true, maxWebSocketChunkSize: 64 });
  const connected = new Promise<IFrame>((resolve) => (client.onConnect = resolve));
  client.activate();
  await connected;
  const received = new Promise<IFrame>((resolve) => client.subscribe('/topic/big', resolve));
  const body = JSON.stringify({ rows: Array.from({ length: 12 }, (_, index) => ({ index, price: `${index}.50` })) });
  client.publish({ destination: '/topic/big', body, headers: { 'content-type': 'application/json' } });
  expect((await received).body).toBe(body);
  await client.deactivate();
  const connection = proxy.connections.at(-1)!;
  const decoded = decodeConnection(stompDecoder, connection);
  const sends = decoded.filter((_message, index) => connection.messages[index]!.direction === 'send' && decoded[index]!.summary === 'SEND /topic/big');
  expect(sends.length).toBeGreaterThan(3);
  expect(sends.map((message) => message.continuation ?? false)).toEqual([false, ...sends.slice(1).map(() => true)]);
  const whole = sends.at(-1)!.items[0]!;
  expect(whole.error).toBeUndefined();
  expect(whole.tree[1]!.children![0]!.children).toHaveLength(12);
  expect(sends.slice(0, -1).every((message) => message.items[0]!.tree.at(-1)!.label === 'incomplete')).toBe(true);
  expect(decoded.flatMap((message) => [message.error, ...message.items.map((item) => item.error)]).filter(Boolean)).toEqual([]);
});
