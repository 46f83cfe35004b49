// Socket.IO's real client and server (v4, EIO 4) through the recording proxy, then the decoder over what
// was recorded; and the real server speaking EIO 3 (Socket.IO 2's protocol) to a client that sends the
// packets socket.io-protocol v4 documents, since npm's current client only speaks EIO 4.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { io, type Socket } from 'socket.io-client';
import { detectProtocol } from '../../src/protocols/registry';
import { socketIoDecoder } from '../../src/protocols/socket.io';
import type { DecodedMessage, TreeNode } from '../../src/protocols/types';
import { decodeConnection, summaries } from './decode-connection';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './recording-proxy';
import { startSocketIoServer, type RunningSocketIoServer } from './servers/socket.io';

let server: RunningSocketIoServer;
let proxy: RecordingProxy;
beforeAll(async () => {
  server = await startSocketIoServer();
  proxy = await startRecordingProxy(server.wsUrl);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

const once = <T>(socket: Socket, event: string) => new Promise<T>((resolve) => socket.once(event, resolve));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function find(tree: TreeNode[] | undefined, ...path: string[]): TreeNode | undefined {
  let node: TreeNode | undefined;
  for (const label of path) {
    node = tree?.find((child) => child.label === label || child.label.startsWith(`${label} (`));
    tree = node?.children;
  }
  return node;
}

test('socket.io-client 4 and server: events, acks both ways, namespaces with auth, two-Buffer binary event, connect_error', async () => {
  const main = io(proxy.httpUrl, { transports: ['websocket'] });
  main.on('question', (text: string, ack: (reply: string) => void) => ack(`yes to ${text}`));
  await once(main, 'connect');
  const echoed = once<string>(main, 'chat message');
  main.emit('chat message', 'hello');
  expect(await echoed).toBe('hello');
  expect(await main.emitWithAck('add', 2, 3)).toBe(5);
  const [reply, total] = await new Promise<[Buffer, number]>((resolve) =>
    main.emit('upload', Buffer.from([1, 2, 3]), Buffer.from([4, 5]), (...answer: [Buffer, number]) => resolve(answer)),
  );
  expect([[...reply], total]).toEqual([[0xca, 0xfe], 5]);
  const admin = io(`${proxy.httpUrl}/admin`, { transports: ['websocket'], auth: { token: 'secret' } });
  await once(admin, 'connect');
  expect(await admin.emitWithAck('stats')).toEqual({ users: 1, big: 2 ** 60 });
  const refused = io(`${proxy.httpUrl}/private`, { transports: ['websocket'] });
  expect((await once<Error>(refused, 'connect_error')).message).toBe('not authorized');
  const answer = once<string>(main, 'answer was');
  main.emit('ask me');
  expect(await answer).toBe('yes to ready?');
  admin.disconnect();
  await until(() => proxy.connections[0]!.messages.some((message) => message.text === '41/admin,'));
  main.disconnect();
  await until(() => proxy.connections[0]!.messages.at(-1)!.text === '41');

  expect(proxy.connections).toHaveLength(1); // one Manager: every namespace on one WebSocket
  const connection = proxy.connections[0]!;
  expect(connection.url).toMatch(/^\/socket\.io\/\?EIO=4&transport=websocket/);
  const context = { url: connection.url, protocol: connection.protocol, requestedProtocols: connection.requestedProtocols };
  expect(detectProtocol(context, connection.messages.map(toInput))?.id).toBe('socket.io');
  expect(detectProtocol({ ...context, url: '/ws' }, connection.messages.map(toInput))?.id).toBe('socket.io');

  const decoded = decodeConnection(socketIoDecoder, connection);
  expect(decoded.filter((message) => message.error || message.items.some((item) => item.error))).toEqual([]);
  expect(summaries(connection, decoded).filter((line) => !/ p[io]ng$/.test(line))).toEqual([
    '← open',
    '→ CONNECT /',
    '← CONNECT /',
    '→ EVENT chat message',
    '← EVENT chat message',
    '→ EVENT add',
    '← ACK 0',
    '→ BINARY_EVENT upload',
    '→ attachment 1/2 EVENT upload',
    '→ attachment 2/2 EVENT upload',
    '← BINARY_ACK 1',
    '← attachment 1/1 ACK 1',
    '→ CONNECT /admin',
    '← CONNECT /admin',
    '→ EVENT stats',
    '← ACK 0',
    '→ CONNECT /private',
    '← CONNECT_ERROR /private not authorized',
    '→ EVENT ask me',
    '← EVENT question',
    '→ ACK 0',
    '← EVENT answer was',
    '→ DISCONNECT /admin',
    '→ DISCONNECT /',
  ]);
  const item = (summary: string) => decoded.find((message) => message.summary === summary)!.items[0]!;

  const open = item('open');
  expect(open.fields.sid).toMatch(/^[\w-]{20}$/);
  expect(find(open.tree, 'pingInterval')).toMatchObject({ type: 'number', value: '25000' });
  expect(item('EVENT chat message').tree).toEqual([
    { label: 'namespace', type: 'string', value: '/' },
    { label: 'event', type: 'string', value: 'chat message' },
    { label: 'args', type: 'array', children: [{ label: '0', type: 'string', value: 'hello' }] },
  ]);
  // Acks pair per namespace and per asking side: the client's 0 on '/', on '/admin', and the server's 0 on '/'.
  const pairs = decoded.flatMap((message) => message.items.flatMap((entry) => (entry.correlation ? [[entry.type, entry.correlation]] : [])));
  expect(pairs).toEqual([
    ['EVENT', { role: 'request', scope: 'ack:/:client', id: '0' }],
    ['ACK', { role: 'response', scope: 'ack:/:client', id: '0' }],
    ['BINARY_EVENT', { role: 'request', scope: 'ack:/:client', id: '1' }],
    ['BINARY_ACK', { role: 'response', scope: 'ack:/:client', id: '1' }],
    ['EVENT', { role: 'request', scope: 'ack:/admin:client', id: '0' }],
    ['ACK', { role: 'response', scope: 'ack:/admin:client', id: '0' }],
    ['EVENT', { role: 'request', scope: 'ack:/:server', id: '0' }],
    ['ACK', { role: 'response', scope: 'ack:/:server', id: '0' }],
  ]);
  expect(item('BINARY_EVENT upload').tree.find((node) => node.label === 'args')!.children![0]).toEqual({
    label: '0',
    type: 'object',
    children: [
      { label: '_placeholder', type: 'boolean', value: 'true' },
      { label: 'num', type: 'number', value: '0' },
    ],
  });
  // The last attachment shows the event whole, each placeholder replaced by its bytes.
  const upload = item('attachment 2/2 EVENT upload');
  expect(find(upload.tree, 'attachment 1')).toEqual({ label: 'attachment 1 (2 bytes)', type: 'bytes', value: '04 05' });
  expect(find(upload.tree, 'BINARY_EVENT with its attachments', 'args')!.children).toEqual([
    { label: '0 (3 bytes)', type: 'bytes', value: '01 02 03' },
    { label: '1 (2 bytes)', type: 'bytes', value: '04 05' },
  ]);
  expect(decoded.filter((message) => message.continuation).map((message) => message.summary)).toEqual([
    'attachment 1/2 EVENT upload',
    'attachment 2/2 EVENT upload',
    'attachment 1/1 ACK 1',
  ]);
  expect(find(item('attachment 1/1 ACK 1').tree, 'BINARY_ACK with its attachments', 'args')!.children).toEqual([
    { label: '0 (2 bytes)', type: 'bytes', value: 'ca fe' },
    { label: '1', type: 'number', value: '5' },
  ]);
  expect(item('CONNECT /admin').tree).toEqual([
    { label: 'namespace', type: 'string', value: '/admin' },
    { label: 'data', type: 'object', children: [{ label: 'token', type: 'string', value: 'secret' }] },
  ]);
  const adminAck = decoded.find((message, index) => message.summary === 'ACK 0' && decoded[index - 1]!.summary === 'EVENT stats')!.items[0]!;
  expect(adminAck.fields).toEqual({ type: 'ACK', namespace: '/admin', id: '0' });
  expect(find(adminAck.tree, 'args', '0', 'big')).toEqual({ label: 'big', type: 'number', value: '1152921504606847000' });
  expect(item('CONNECT_ERROR /private not authorized').fields).toEqual({ type: 'CONNECT_ERROR', namespace: '/private', message: 'not authorized' });
  expect(item('EVENT question').fields).toEqual({ type: 'EVENT', namespace: '/', event: 'question', id: '0' });
});

function toInput(message: RecordedConnection['messages'][number]) {
  return message.kind === 'text'
    ? { direction: message.direction, kind: 'text' as const, text: message.text! }
    : { direction: message.direction, kind: 'binary' as const, bytes: message.bytes! };
}

test("the real server speaking EIO 3 to a Socket.IO 2 client: implicit '/', query in CONNECT, ERROR, 0x04-prefixed attachments, client pings", async () => {
  const client = new WebSocket(`${proxy.wsUrl}/socket.io/?EIO=3&transport=websocket`);
  const received: (string | Buffer)[] = [];
  client.on('message', (data: Buffer, isBinary) => received.push(isBinary ? data : data.toString()));
  const reply = async (count: number) => until(() => received.length >= count);
  await reply(2); // open, then CONNECT '/' unasked
  client.send('40/admin?token=secret,');
  await reply(3);
  client.send('421["add",1,2]');
  await reply(4);
  client.send('452-2["upload",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
  client.send(Buffer.from([4, 1, 2, 3]));
  client.send(Buffer.from([4, 4, 5]));
  await reply(6);
  client.send('40/private,');
  await reply(7);
  client.send('2');
  await reply(8);
  client.close();
  const connection = proxy.connections.at(-1)!;
  expect(connection.url).toContain('EIO=3');

  const decoded = decodeConnection(socketIoDecoder, connection);
  expect(summaries(connection, decoded)).toEqual([
    '← open',
    '← CONNECT /',
    '→ CONNECT /admin',
    '← CONNECT /admin',
    '→ EVENT add',
    '← ACK 1',
    '→ BINARY_EVENT upload',
    '→ attachment 1/2 EVENT upload',
    '→ attachment 2/2 EVENT upload',
    '← BINARY_ACK 2',
    '← attachment 1/1 ACK 2',
    '→ CONNECT /private',
    '← ERROR /private',
    '→ ping',
    '← pong',
  ]);
  const byIndex = (index: number): DecodedMessage => decoded[index]!;
  expect(byIndex(2).items[0]!.tree).toEqual([
    { label: 'namespace', type: 'string', value: '/admin' },
    { label: 'query', type: 'string', value: 'token=secret' },
  ]);
  expect(find(byIndex(10).items[0]!.tree, 'BINARY_ACK with its attachments', 'args')!.children![0]).toEqual({
    label: '0 (2 bytes)',
    type: 'bytes',
    value: 'ca fe',
  });
  expect(byIndex(12).items[0]!.fields).toMatchObject({ type: 'ERROR', namespace: '/private' });
  expect(decoded.flatMap((message) => [message.error, ...message.items.map((entry) => entry.error)]).filter(Boolean)).toEqual([]);
});
