// Action Cable as the real @rails/actioncable client speaks it, against our Action Cable server. The
// client runs in Node with ws as its WebSocket (its adapters hook) and a no-op addEventListener: its
// connection monitor listens for the page's visibilitychange, and Node has no such global. Nothing else is stubbed.
import ActionCable from '@rails/actioncable';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fuzzDecoder } from '../unit/decoder-checks.ts';
import { decoderById } from '../../src/protocols/registry.ts';
import { contextOf, decodeDetected, toInput } from './decode-connection.ts';
import { waitFor } from './wait-for.ts';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './recording-proxy.ts';
import { startActionCableServer } from './servers/actioncable.ts';

const globals = globalThis as { addEventListener?: unknown; removeEventListener?: unknown };
beforeAll(() => {
  ActionCable.adapters.WebSocket = WebSocket;
  globals.addEventListener = () => undefined;
  globals.removeEventListener = () => undefined;
});
afterAll(() => {
  delete globals.addEventListener;
  delete globals.removeEventListener;
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxiedCable(): Promise<RecordingProxy> {
  // Pings every 20 ms instead of Rails' 3 s, so they show up among the channel traffic.
  const server = await startActionCableServer({ pingIntervalMs: 20 });
  const proxy = await startRecordingProxy(new URL(server.url).origin);
  cleanups.push(
    () => server.close(),
    () => proxy.close(),
  );
  return proxy;
}

const sent = (connection: RecordedConnection, text: string) =>
  connection.messages.some((message) => message.direction === 'send' && message.text?.includes(text));

describe('@rails/actioncable ↔ our Action Cable server', () => {
  it('welcome, a confirmed and a rejected subscription, an action and its broadcast, pings, unsubscribe', async () => {
    const proxy = await proxiedCable();
    const consumer = ActionCable.createConsumer(`${proxy.wsUrl}/cable`);
    cleanups.unshift(() => consumer.disconnect());
    const events: unknown[] = [];
    const chat = await new Promise<ReturnType<typeof consumer.subscriptions.create>>((resolve) => {
      const subscription = consumer.subscriptions.create(
        { channel: 'ChatChannel', room: 'lobby' },
        { connected: () => resolve(subscription), received: (data: unknown) => events.push(data) },
      );
    });
    await new Promise<void>((resolve) => consumer.subscriptions.create('RejectedChannel', { rejected: () => resolve() }));
    chat.perform('speak', { body: 'hi' });
    await waitFor(() => events.length === 1);
    expect(events).toEqual([{ room: 'lobby', body: 'hi' }]);
    const [connection] = proxy.connections;
    await waitFor(() => connection!.messages.some((message) => message.text?.startsWith('{"type":"ping"')));
    chat.unsubscribe();
    await waitFor(() => sent(connection!, '"unsubscribe"'));

    expect(connection!.protocol).toBe('actioncable-v1-json');
    expect(connection!.requestedProtocols).toEqual(['actioncable-v1-json', 'actioncable-unsupported']);
    const { id, decoded } = decodeDetected(connection!);
    expect(id).toBe('actioncable');
    const items = decoded.flatMap((message) => message.items);
    expect(items.filter((item) => item.error !== undefined)).toEqual([]);
    const pings = items.filter((item) => item.type === 'ping');
    expect(pings.length).toBeGreaterThan(0);
    expect(pings.every((item) => item.fields.heartbeat === 'true')).toBe(true);
    expect(items.filter((item) => item.fields.heartbeat === undefined).map((item) => `${item.type} ${item.key ?? ''}`.trim())).toEqual([
      'welcome',
      'subscribe ChatChannel',
      'confirm_subscription ChatChannel',
      'subscribe RejectedChannel',
      'reject_subscription RejectedChannel',
      'message ChatChannel speak',
      'broadcast ChatChannel',
      'unsubscribe ChatChannel',
    ]);

    const subscribe = items.find((item) => item.type === 'subscribe')!;
    expect(subscribe.fields).toEqual({ identifier: '{"channel":"ChatChannel","room":"lobby"}', channel: 'ChatChannel' });
    expect(subscribe.tree.find((node) => node.label === 'identifier (decoded)')!.children).toEqual([
      { label: 'channel', type: 'string', value: 'ChatChannel' },
      { label: 'room', type: 'string', value: 'lobby' },
    ]);
    const confirm = items.find((item) => item.type === 'confirm_subscription')!;
    expect(confirm.correlation).toEqual({ ...subscribe.correlation, role: 'response' });
    const reject = items.find((item) => item.type === 'reject_subscription')!;
    expect(reject.correlation).toEqual({ role: 'response', scope: 'actioncable:subscription', id: '{"channel":"RejectedChannel"}' });
    const message = items.find((item) => item.type === 'message')!;
    expect(message.fields.action).toBe('speak');
    expect(message.tree.find((node) => node.label === 'data (decoded)')!.children).toEqual([
      { label: 'body', type: 'string', value: 'hi' },
      { label: 'action', type: 'string', value: 'speak' },
    ]);

    // The recorded messages, cut, flipped and spliced: decoding never throws.
    fuzzDecoder(decoderById(id)!, connection!.messages.map(toInput), contextOf(connection!), 100);
  });

  it('a refused connection: disconnect with its reason', async () => {
    const proxy = await proxiedCable();
    const consumer = ActionCable.createConsumer(`${proxy.wsUrl}/cable?reject=1`);
    cleanups.unshift(() => consumer.disconnect());
    consumer.connect();
    await waitFor(() => proxy.connections[0]?.messages.length === 1);
    const { id, decoded } = decodeDetected(proxy.connections[0]!);
    expect(id).toBe('actioncable');
    expect(decoded.map((message) => message.summary)).toEqual(['disconnect unauthorized']);
    expect(decoded[0]!.items[0]!.fields).toEqual({ reason: 'unauthorized' });
  });
});
