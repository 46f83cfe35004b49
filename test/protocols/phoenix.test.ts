// Phoenix Channels as the real phoenix.js client speaks it (ws as its transport: Node 20 has no global
// WebSocket), against our Phoenix-protocol server, with the vsn 2.0.0 serializer (JSON arrays and binary
// frames) and the vsn 1.0.0 one (JSON objects).
import { Socket, type Channel } from 'phoenix';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DecodedItem } from '../../src/protocols/types.ts';
import { fuzzDecoder } from '../unit/decoder-checks.ts';
import { decoderById } from '../../src/protocols/registry.ts';
import { contextOf, decodeDetected, toInput } from './decode-connection.ts';
import { waitFor } from './wait-for.ts';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';
import { startPhoenixServer } from './servers/phoenix.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxiedPhoenix(): Promise<RecordingProxy> {
  const server = await startPhoenixServer();
  const proxy = await startRecordingProxy(new URL(server.url).origin);
  cleanups.push(
    () => server.close(),
    () => proxy.close(),
  );
  return proxy;
}

/** Resolves with the reply's status and response to a push (a join, a push, a leave). */
function replyTo(push: { receive(status: string, callback: (response?: unknown) => unknown): unknown }): Promise<[string, unknown]> {
  return new Promise((resolve) => {
    push.receive('ok', (response) => resolve(['ok', response]));
    push.receive('error', (response) => resolve(['error', response]));
  });
}

function connect(proxy: RecordingProxy, options: Record<string, unknown>): Socket {
  const socket = new Socket(`${proxy.wsUrl}/socket`, { transport: WebSocket, params: { token: 'abc' }, ...options });
  socket.connect();
  cleanups.unshift(() => new Promise<void>((resolve) => socket.disconnect(() => resolve())));
  return socket;
}

/** A heartbeat and its reply, now: phoenix.js's ping sends the heartbeat its timer would send every 30 s. */
function heartbeat(socket: Socket): Promise<unknown> {
  return new Promise((resolve) => socket.ping(resolve));
}

const nonHeartbeat = (items: DecodedItem[]) => items.filter((item) => item.fields.heartbeat === undefined);

/** Every reply answers an earlier request with its ref. */
function expectRepliesPaired(items: DecodedItem[]): void {
  const requests = new Set<string>();
  for (const item of items) {
    if (item.correlation?.role === 'request') requests.add(item.correlation.id);
    if (item.type === 'phx_reply') expect(requests.has(item.correlation!.id)).toBe(true);
  }
}

describe('phoenix.js ↔ our Phoenix server', () => {
  it('vsn 2.0.0: join, push and broadcast, binary push/reply/broadcast, a refused join, heartbeats and leave', async () => {
    const proxy = await proxiedPhoenix();
    const socket = connect(proxy, {});
    const lobby: Channel = socket.channel('room:lobby', { name: 'ada' });
    const received: string[] = [];
    for (const event of ['welcome', 'new_msg', 'uploaded', 'thumb']) lobby.on(event, () => received.push(event));

    expect(await replyTo(lobby.join())).toEqual(['ok', {}]);
    expect(await replyTo(lobby.push('new_msg', { body: 'hi', count: 2 }))).toEqual(['ok', {}]);
    const [status, echoed] = await replyTo(lobby.push('upload', new Uint8Array([1, 2, 3]).buffer));
    expect([status, [...new Uint8Array(echoed as ArrayBuffer)]]).toEqual(['ok', [3, 2, 1]]);
    await waitFor(() => received.includes('thumb'));
    expect(received).toEqual(['welcome', 'new_msg', 'uploaded', 'thumb']);
    expect(await replyTo(socket.channel('room:secret', { reject: true }).join())).toEqual(['error', { reason: 'unauthorized' }]);
    await heartbeat(socket);
    const [connection] = proxy.connections;
    expect(await replyTo(lobby.leave())).toEqual(['ok', {}]);
    await waitFor(() => connection!.messages.some((message) => message.text?.includes('phx_close')));

    expect(connection!.url).toMatch(/^\/socket\/websocket\?token=abc&vsn=2\.0\.0$/);
    const { id, decoded } = decodeDetected(connection!);
    expect(id).toBe('phoenix');
    const items = decoded.flatMap((message) => message.items);
    expect(items.filter((item) => item.error !== undefined)).toEqual([]);
    const summaries = (topic: string) =>
      nonHeartbeat(items)
        .filter((item) => item.fields.topic === topic)
        .map((item) => `${item.type} ${item.key}`);
    expect(summaries('room:lobby')).toEqual([
      'phx_join room:lobby',
      'phx_reply ok',
      'welcome room:lobby',
      'new_msg room:lobby',
      'phx_reply ok',
      'new_msg room:lobby',
      'upload room:lobby',
      'phx_reply ok',
      'uploaded room:lobby',
      'thumb room:lobby',
      'phx_leave room:lobby',
      'phx_reply ok',
      'phx_close room:lobby',
    ]);
    // phoenix.js retries a refused join on its rejoin timer, so more attempts may follow the first.
    expect(summaries('room:secret').slice(0, 2)).toEqual(['phx_join room:secret', 'phx_reply error']);
    expect(proxy.connections).toHaveLength(1);

    const binary = decoded.filter((_message, index) => connection!.messages[index]!.kind === 'binary').map((message) => message.items[0]!);
    expect(binary.map((item) => [item.type, item.tree[0]!.value, item.tree.at(-1)!.value])).toEqual([
      ['upload', '0 (push)', '01 02 03'],
      ['phx_reply', '1 (reply)', '03 02 01'],
      ['uploaded', '2 (broadcast)', '01 02 03'],
      ['thumb', '0 (push)', '01'],
    ]);
    expectRepliesPaired(items);
    const join = items[0]!;
    expect(join.fields).toMatchObject({ topic: 'room:lobby', event: 'phx_join' });
    expect(join.tree.at(-1)!.children).toEqual([{ label: 'name', type: 'string', value: 'ada' }]);
    const heartbeats = items.filter((item) => item.fields.heartbeat === 'true');
    expect(heartbeats.map((item) => `${item.type} ${item.key}`)).toEqual(['heartbeat phoenix', 'phx_reply ok']);

    // The recorded messages, cut, flipped and spliced: decoding never throws.
    fuzzDecoder(decoderById(id)!, connection!.messages.map(toInput), contextOf(connection!), 100);
  });

  it('vsn 1.0.0: the client sends objects (as phoenix.js did before 1.3), the server answers objects', async () => {
    const proxy = await proxiedPhoenix();
    const socket = connect(proxy, {
      vsn: '1.0.0',
      encode: (message: object, callback: (text: string) => void) => callback(JSON.stringify(message)),
      decode: (text: string, callback: (message: unknown) => void) => callback(JSON.parse(text)),
    });
    const lobby = socket.channel('room:lobby', {});
    const received: string[] = [];
    lobby.on('new_msg', () => received.push('new_msg'));
    expect(await replyTo(lobby.join())).toEqual(['ok', {}]);
    expect(await replyTo(lobby.push('new_msg', { body: 'hi' }))).toEqual(['ok', {}]);
    await waitFor(() => received.length === 1);
    await heartbeat(socket);
    const [connection] = proxy.connections;

    const { id, decoded } = decodeDetected(connection!);
    expect(id).toBe('phoenix');
    expect(connection!.messages[0]!.text).toMatch(/^\{"topic":"room:lobby","event":"phx_join"/);
    const items = decoded.flatMap((message) => message.items);
    expect(items.filter((item) => item.error !== undefined)).toEqual([]);
    expect(nonHeartbeat(items).map((item) => `${item.type} ${item.key}`)).toEqual([
      'phx_join room:lobby',
      'phx_reply ok',
      'welcome room:lobby',
      'new_msg room:lobby',
      'phx_reply ok',
      'new_msg room:lobby',
    ]);
    expectRepliesPaired(items);
  });
});
