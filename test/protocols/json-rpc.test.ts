// JSON-RPC 2.0 between a minimal client (plain ws: what a page's hand-written client sends) and our
// JSON-RPC server, through the recording proxy.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fuzzDecoder } from '../unit/decoder-checks.ts';
import { decoderById } from '../../src/protocols/registry.ts';
import { contextOf, decodeDetected, toInput } from './decode-connection.ts';
import { waitFor } from './wait-for.ts';
import { startRecordingProxy } from './recording-proxy.ts';
import { startJsonRpcServer } from './servers/json-rpc.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a JSON-RPC client ↔ our JSON-RPC 2.0 server', () => {
  it('calls, a notification, a subscription with server notifications, a batch, a parse error and an empty batch', async () => {
    const server = await startJsonRpcServer();
    const proxy = await startRecordingProxy(new URL(server.url).origin);
    cleanups.push(
      () => server.close(),
      () => proxy.close(),
    );
    const socket = new WebSocket(`${proxy.wsUrl}/rpc`);
    cleanups.unshift(() => socket.close());
    let received = 0;
    socket.on('message', () => received++);
    await new Promise((resolve) => socket.once('open', resolve));
    /** Sends `text`; waits until the server's answers so far number `expected`. */
    const exchange = async (text: string, expected: number) => {
      socket.send(text);
      await waitFor(() => received === expected);
    };

    await exchange('{"jsonrpc":"2.0","id":1,"method":"add","params":[2,3]}', 1);
    await exchange('{"jsonrpc":"2.0","id":"two","method":"add","params":{"a":1}}', 2);
    socket.send('{"jsonrpc":"2.0","method":"add","params":[1,1]}');
    await exchange('{"jsonrpc":"2.0","id":3,"method":"subscribe","params":["prices"]}', 5);
    await exchange(
      '[{"jsonrpc":"2.0","id":4,"method":"add","params":[1,2]},{"jsonrpc":"2.0","method":"log"},{"jsonrpc":"2.0","id":5,"method":"busy"},{"jsonrpc":"2.0","id":6,"method":"nope"}]',
      6,
    );
    await exchange('{"jsonrpc":"2.0","id":7,"method":', 7);
    await exchange('[]', 8);

    const [connection] = proxy.connections;
    const { id, decoded } = decodeDetected(connection!);
    expect(id).toBe('json-rpc');
    expect(decoded.map((message) => message.summary)).toEqual([
      'call add',
      'result 1',
      'call add',
      'error two -32602 Invalid params',
      'notify add',
      'call subscribe',
      'result 3',
      'notify subscription',
      'notify subscription',
      'call add +3',
      'result 4 +2',
      'malformed: not JSON: unexpected end of JSON at offset 33',
      'error null -32700 Parse error',
      'malformed: an empty batch (JSON-RPC 2.0 answers it with Invalid Request)',
      'error null -32600 Invalid Request',
    ]);
    const items = decoded.flatMap((message) => message.items);
    expect(items.filter((item) => item.error !== undefined)).toEqual([]);
    // Every answer pairs with its call, and names the method it answers.
    const answers = items.filter((item) => item.correlation?.role === 'response');
    expect(answers.map((item) => [item.fields.id, item.fields.method, item.fields.code])).toEqual([
      ['1', 'add', undefined],
      ['two', 'add', '-32602'],
      ['3', 'subscribe', undefined],
      ['4', 'add', undefined],
      ['5', 'busy', '-32000'],
      ['6', 'nope', '-32601'],
    ]);
    const calls = new Set(items.filter((item) => item.correlation?.role === 'request').map((item) => item.correlation!.id));
    expect(answers.every((item) => calls.has(item.correlation!.id))).toBe(true);
    const notification = items.find((item) => item.key === 'subscription')!;
    expect(notification.tree.find((node) => node.label === 'params')!.children).toEqual([
      { label: 'subscription', type: 'string', value: 'sub-1' },
      {
        label: 'result',
        type: 'object',
        children: [
          { label: 'topic', type: 'string', value: 'prices' },
          { label: 'tick', type: 'number', value: '1' },
        ],
      },
    ]);

    // The recorded messages, cut, flipped and spliced: decoding never throws.
    fuzzDecoder(decoderById(id)!, connection!.messages.map(toInput), contextOf(connection!), 100);
  });
});
