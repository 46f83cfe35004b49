// GraphQL over WebSocket as the real libraries speak it: graphql-ws's client against graphql-ws's server
// (graphql-transport-ws), and a minimal legacy client against our subscriptions-transport-ws server.
import { createClient, type Client } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DecodedItem } from '../../src/protocols/types.ts';
import { fuzzDecoder } from '../unit/decoder-checks.ts';
import { decoderById } from '../../src/protocols/registry.ts';
import { contextOf, decodeDetected, toInput } from './decode-connection.ts';
import { waitFor } from './wait-for.ts';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';
import { startGraphqlWsServer } from './servers/graphql-ws.ts';
import type { RunningServer } from './servers/listen.ts';
import { LEGACY_SUB_PROTOCOL, startSubscriptionsTransportWsServer } from './servers/subscriptions-transport-ws.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serveThroughProxy(server: RunningServer): Promise<RecordingProxy> {
  const proxy = await startRecordingProxy(new URL(server.url).origin);
  cleanups.push(
    () => server.close(),
    () => proxy.close(),
  );
  return proxy;
}

/** Runs one operation to its end with the real client; resolves with its results, or its error. */
function run(client: Client, query: string, variables?: Record<string, unknown>, cancelAfter = Infinity): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const results: unknown[] = [];
    const cancel = client.subscribe(variables ? { query, variables } : { query }, {
      next: (result) => {
        results.push(result);
        if (results.length >= cancelAfter) {
          cancel();
          resolve(results);
        }
      },
      error: reject,
      complete: () => resolve(results),
    });
  });
}

const nonHeartbeat = (items: DecodedItem[]) => items.filter((item) => item.fields.heartbeat === undefined);

describe('graphql-ws client ↔ graphql-ws server (graphql-transport-ws)', () => {
  it('query, mutation, subscription, a failing query and a cancelled subscription decode as the client ran them', async () => {
    const proxy = await serveThroughProxy(await startGraphqlWsServer());
    // One connection for every operation (lazy, the client would reconnect per operation); the client
    // pings every 5 ms, so pings and pongs show up among the operations.
    const client = createClient({ url: `${proxy.wsUrl}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, keepAlive: 5 });
    cleanups.unshift(() => client.dispose());

    const price = await run(client, 'query GetPrice($symbol: String!) { price(symbol: $symbol) { symbol value } }', { symbol: 'ACME' });
    expect(price).toEqual([{ data: { price: { symbol: 'ACME', value: 101.5 } } }]);
    await run(client, 'mutation Buy($symbol: String!, $quantity: Int!) { buy(symbol: $symbol, quantity: $quantity) }', { symbol: 'ACME', quantity: 3 });
    const ticks = await run(client, 'subscription OnPriceChanged { priceChanged(symbol: "ACME", count: 3) { symbol value } }');
    expect(ticks).toHaveLength(3);
    await expect(run(client, '{ nope }')).rejects.toBeDefined();
    await run(client, 'subscription { priceChanged(symbol: "X", everyMs: 5) { value } }', undefined, 1);
    const [connection] = proxy.connections;
    // The client's complete for the cancelled subscription, and a pong, reach the proxy before the client closes.
    const recorded = (direction: string, type: string) =>
      connection!.messages.some((message) => message.direction === direction && message.text?.includes(`"type":"${type}"`));
    await waitFor(() => recorded('send', 'complete') && recorded('receive', 'pong'));
    await client.dispose();

    expect(proxy.connections).toHaveLength(1);
    expect(connection!.protocol).toBe('graphql-transport-ws');
    const { id, decoded } = decodeDetected(connection!);
    expect(id).toBe('graphql-ws');
    const items = decoded.flatMap((message) => message.items);
    expect(items.filter((item) => item.error !== undefined)).toEqual([]);

    // Each operation's messages, by the operation the decoder tracked for its id.
    const operations = nonHeartbeat(items).map((item) => `${item.type} ${item.fields.operation ?? item.fields.type ?? ''}`.trim());
    const cancelled = operations.lastIndexOf('subscribe subscription');
    expect(operations.slice(0, cancelled)).toEqual([
      'connection_init',
      'connection_ack',
      'subscribe GetPrice',
      'next GetPrice',
      'complete GetPrice',
      'subscribe Buy',
      'next Buy',
      'complete Buy',
      'subscribe OnPriceChanged',
      'next OnPriceChanged',
      'next OnPriceChanged',
      'next OnPriceChanged',
      'complete OnPriceChanged',
      'subscribe query',
      'error query',
    ]);
    // The cancelled subscription: a result or more, then the client's complete.
    expect(operations.slice(cancelled)).toContain('next subscription');
    const clientComplete = nonHeartbeat(items).find((item, index) => index > cancelled && item.type === 'complete');
    expect(clientComplete).toMatchObject({ fields: { type: 'subscription' } });
    expect(clientComplete!.correlation).toBeUndefined();

    expect(decoded.map((message) => message.summary).filter((summary) => summary.startsWith('subscribe'))).toEqual([
      'subscribe GetPrice',
      'subscribe Buy',
      'subscribe OnPriceChanged',
      'subscribe anonymous query',
      'subscribe anonymous subscription',
    ]);
    const buy = items.find((item) => item.key === 'Buy')!;
    const payload = buy.tree.find((node) => node.label === 'payload')!.children!;
    expect(payload.find((node) => node.label === 'variables')!.children).toEqual([
      { label: 'symbol', type: 'string', value: 'ACME' },
      { label: 'quantity', type: 'number', value: '3' },
    ]);
    expect(payload.find((node) => node.label === 'query')!.value).toBe(
      'mutation Buy($symbol: String!, $quantity: Int!) {\n  buy(symbol: $symbol, quantity: $quantity)\n}',
    );
    expect(buy.tree[0]).toEqual({ label: 'operation', type: 'text', value: 'mutation Buy' });

    // Every answer pairs with the subscribe of its id; the summary carries that id.
    const requests = new Set(items.filter((item) => item.correlation?.role === 'request').map((item) => item.correlation!.id));
    expect(requests.size).toBe(5);
    const answers = items.filter((item) => item.correlation?.role === 'response');
    // next+complete twice, three nexts+complete, one error, a next or more of the cancelled subscription.
    expect(answers.length).toBeGreaterThanOrEqual(10);
    for (const answer of answers) {
      expect(requests.has(answer.correlation!.id)).toBe(true);
      expect(answer.key).toBe(answer.correlation!.id);
    }
    const heartbeats = items.filter((item) => item.fields.heartbeat === 'true').map((item) => item.type);
    expect(heartbeats).toContain('ping');
    expect(heartbeats).toContain('pong');

    // The recorded messages, cut, flipped and spliced: decoding never throws.
    fuzzDecoder(decoderById(id)!, connection!.messages.map(toInput), contextOf(connection!), 100);
  });
});

/** A minimal subscriptions-transport-ws client: what Apollo's SubscriptionClient sends, in order. */
async function legacySession(url: string): Promise<void> {
  const socket = new WebSocket(url, [LEGACY_SUB_PROTOCOL]);
  const received: { id?: string; type: string }[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data)) as { id?: string; type: string }));
  await new Promise((resolve) => socket.once('open', resolve));
  const sendMessage = (message: object) => socket.send(JSON.stringify(message));
  const seen = (type: string, id?: string) => received.filter((message) => message.type === type && message.id === id).length;

  sendMessage({ type: 'connection_init', payload: { authToken: 't' } });
  await waitFor(() => seen('connection_ack') === 1);
  sendMessage({
    id: '1',
    type: 'start',
    payload: { query: 'query GetPrice($s: String!) { price(symbol: $s) { value } }', variables: { s: 'ACME' }, operationName: 'GetPrice' },
  });
  await waitFor(() => seen('complete', '1') === 1);
  sendMessage({
    id: '2',
    type: 'start',
    payload: { query: 'subscription OnPriceChanged { priceChanged(symbol: "ACME", everyMs: 5) { value } }', variables: {} },
  });
  await waitFor(() => seen('data', '2') >= 2);
  sendMessage({ id: '2', type: 'stop' });
  await waitFor(() => seen('complete', '2') === 1);
  sendMessage({ id: '3', type: 'start', payload: { query: '{ price(symbol: ', variables: {} } });
  await waitFor(() => seen('error', '3') === 1);
  sendMessage({ type: 'connection_terminate' });
  await new Promise((resolve) => socket.once('close', resolve));
}

describe('legacy client ↔ our subscriptions-transport-ws server (sub-protocol graphql-ws)', () => {
  it('init, ack and keep-alive, a query, a stopped subscription, a parse error and terminate decode as sent', async () => {
    const proxy = await serveThroughProxy(await startSubscriptionsTransportWsServer({ keepAliveMs: 60_000 }));
    await legacySession(`${proxy.wsUrl}/graphql`);
    const [connection] = proxy.connections;
    expect(connection!.protocol).toBe('graphql-ws');
    const { id, decoded } = decodeDetected(connection!);
    expect(id).toBe('subscriptions-transport-ws');
    const items = decoded.flatMap((message) => message.items);
    expect(items.filter((item) => item.error !== undefined)).toEqual([]);

    const summaries = decoded.map((message) => message.summary);
    const stop = summaries.indexOf('stop 2');
    expect(summaries.slice(0, 8)).toEqual([
      'connection_init',
      'connection_ack',
      'ka',
      'start GetPrice',
      'data 1',
      'complete 1',
      'start OnPriceChanged',
      'data 2',
    ]);
    expect(summaries.slice(8, stop).every((summary) => summary === 'data 2')).toBe(true);
    // Results already on their way when the stop left may still arrive; the complete ends the operation.
    const afterStop = summaries.slice(stop + 1);
    expect(afterStop.slice(afterStop.indexOf('complete 2'))).toEqual(['complete 2', 'start anonymous query', 'error 3', 'connection_terminate']);
    expect(afterStop.slice(0, afterStop.indexOf('complete 2')).every((summary) => summary === 'data 2')).toBe(true);

    expect(items.find((item) => item.type === 'ka')!.fields.heartbeat).toBe('true');
    const data = items.filter((item) => item.type === 'data' && item.fields.id === '2');
    expect(data.every((item) => item.fields.operation === 'OnPriceChanged' && item.fields.type === 'subscription')).toBe(true);
    expect(data.every((item) => item.correlation?.id === '2' && item.correlation.role === 'response')).toBe(true);
    expect(items.find((item) => item.type === 'stop')!.correlation).toBeUndefined();

    // The recorded messages, cut, flipped and spliced: decoding never throws.
    fuzzDecoder(decoderById(id)!, connection!.messages.map(toInput), contextOf(connection!), 100);
  });
});
