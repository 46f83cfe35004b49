import { afterAll, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startRecordingProxy } from './recording-proxy';

const upstream = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: (offered) => (offered.has('b') ? 'b' : false) });
upstream.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

test('the proxy records both directions, text and binary, and passes the chosen sub-protocol through', async () => {
  await new Promise((resolve) => upstream.once('listening', resolve).address() && resolve(null));
  const proxy = await startRecordingProxy(`ws://127.0.0.1:${(upstream.address() as { port: number }).port}`);
  const client = new WebSocket(`${proxy.wsUrl}/path?q=1`, ['a', 'b']);
  await new Promise((resolve) => client.once('open', resolve));
  expect(client.protocol).toBe('b');
  client.send('hello');
  client.send(Buffer.from([1, 2, 3]));
  let echoes = 0;
  await new Promise<void>((resolve) => client.on('message', () => ++echoes === 2 && resolve()));
  client.close();
  await proxy.close();
  const [connection] = proxy.connections;
  expect(connection).toMatchObject({ url: '/path?q=1', requestedProtocols: ['a', 'b'], protocol: 'b' });
  const seen = (direction: string) => connection!.messages.filter((m) => m.direction === direction).map((m) => [m.kind, m.text ?? [...m.bytes!]]);
  expect(seen('send')).toEqual([
    ['text', 'hello'],
    ['binary', [1, 2, 3]],
  ]);
  expect(seen('receive')).toEqual(seen('send'));
});
