import { describe, expect, it } from 'vitest';
import { errorCodeName, jsonRpcDecoder as rpc } from '../../src/protocols/json-rpc.ts';
import { context, decodeAll, decodeOne, fuzzDecoder, receive, send } from './decoder-checks.ts';

describe('JSON-RPC 2.0 decoding', () => {
  it('calls, results, errors and notifications; a response names the method it answers', () => {
    const decoded = decodeAll(rpc, [
      send('{"jsonrpc":"2.0","id":7,"method":"eth_subscribe","params":["newHeads"]}'),
      receive('{"jsonrpc":"2.0","id":7,"result":"0x9cef478923ff08bf67fde6c64013158d"}'),
      receive('{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x9c","result":{"number":"0x1b4"}}}'),
      send('{"jsonrpc":"2.0","id":"a-1","method":"nope"}'),
      receive('{"jsonrpc":"2.0","id":"a-1","error":{"code":-32601,"message":"Method not found"}}'),
      receive('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}'),
    ]);
    expect(decoded.map((message) => message.summary)).toEqual([
      'call eth_subscribe',
      'result 7',
      'notify eth_subscription',
      'call nope',
      'error a-1 -32601 Method not found',
      'error null -32700 Parse error',
    ]);
    const items = decoded.map((message) => message.items[0]!);
    expect(items.every((item) => item.error === undefined)).toBe(true);
    expect(items[0]!.fields).toEqual({ method: 'eth_subscribe', id: '7' });
    expect(items[0]!.correlation).toEqual({ role: 'request', scope: 'json-rpc', id: '7' });
    expect(items[1]!.fields).toEqual({ id: '7', method: 'eth_subscribe' });
    expect(items[1]!.correlation).toEqual({ role: 'response', scope: 'json-rpc', id: '7' });
    expect(items[2]!.correlation).toBeUndefined();
    expect(items[2]!.fields).toEqual({ method: 'eth_subscription' });
    // String ids pair as strings: "a-1" is its JSON text, so 7 and "7" never meet.
    expect(items[3]!.correlation).toEqual({ role: 'request', scope: 'json-rpc', id: '"a-1"' });
    expect(items[4]!.correlation).toEqual({ role: 'response', scope: 'json-rpc', id: '"a-1"' });
    expect(items[4]!.fields).toEqual({ id: 'a-1', method: 'nope', code: '-32601' });
    expect(items[4]!.tree[2]!.children).toEqual([
      { label: 'code', type: 'number', value: '-32601' },
      { label: 'meaning', type: 'text', value: 'Method not found' },
      { label: 'message', type: 'string', value: 'Method not found' },
    ]);
    expect(items[5]!.correlation).toBeUndefined();
  });

  it('ids keep their digits beyond 2^53, and 7 and "7" are different ids', () => {
    const [call, wrongType, result] = decodeAll(rpc, [
      send('{"jsonrpc":"2.0","id":9007199254740993,"method":"m"}'),
      receive('{"jsonrpc":"2.0","id":"9007199254740993","result":1}'),
      receive('{"jsonrpc":"2.0","id":9007199254740993,"result":2}'),
    ]);
    expect(call!.summary).toBe('call m');
    expect(call!.items[0]!.correlation!.id).toBe('9007199254740993');
    expect(wrongType!.items[0]!.correlation!.id).toBe('"9007199254740993"');
    expect(wrongType!.items[0]!.fields.method).toBeUndefined();
    expect(result!.summary).toBe('result 9007199254740993');
    expect(result!.items[0]!.fields.method).toBe('m');
  });

  it('unanswered calls are remembered up to 10,000; past that the older half is forgotten', () => {
    const state = rpc.createState(context());
    for (let id = 1; id <= 10_000; id++) rpc.decode(send(`{"jsonrpc":"2.0","id":${id},"method":"m${id}"}`), state, context());
    expect(state.methods.size).toBe(10_000);
    rpc.decode(send('{"jsonrpc":"2.0","id":10001,"method":"m10001"}'), state, context());
    expect(state.methods.size).toBe(5_000);
    const answer = (id: number) => rpc.decode(receive(`{"jsonrpc":"2.0","id":${id},"result":null}`), state, context()).items[0]!.fields.method;
    expect([answer(1), answer(5_001), answer(5_002), answer(10_001)]).toEqual([undefined, undefined, 'm5002', 'm10001']);
  });

  it('a batch is one item per entry, in order; its summary counts the rest', () => {
    const [batch, answers] = decodeAll(rpc, [
      send(
        '[{"jsonrpc":"2.0","id":1,"method":"sum","params":[1,2]},{"jsonrpc":"2.0","method":"log","params":{"level":"info"}},{"jsonrpc":"2.0","id":2,"method":"x"}]',
      ),
      receive('[{"jsonrpc":"2.0","id":2,"error":{"code":-32000,"message":"Busy"}},{"jsonrpc":"2.0","id":1,"result":3}]'),
    ]);
    expect(batch!.summary).toBe('call sum +2');
    expect(batch!.items.map((item) => `${item.type} ${item.key}`)).toEqual(['call sum', 'notify log', 'call x']);
    expect(answers!.items.map((item) => [item.key, item.fields.method])).toEqual([
      ['2 -32000 Busy', 'x'],
      ['1', 'sum'],
    ]);
    expect(answers!.items[0]!.tree[2]!.children![1]).toEqual({ label: 'meaning', type: 'text', value: 'Server error' });
  });

  it('names the standard error codes and the server-error range only', () => {
    expect(['-32700', '-32600', '-32601', '-32602', '-32603', '-32000', '-32099', '-32100', '1'].map(errorCodeName)).toEqual([
      'Parse error',
      'Invalid Request',
      'Method not found',
      'Invalid params',
      'Internal error',
      'Server error',
      'Server error',
      undefined,
      undefined,
    ]);
    // An error without a message is summarised by its code's name.
    expect(decodeOne(rpc, receive('{"jsonrpc":"2.0","id":1,"error":{"code":-32602}}')).summary).toBe('error 1 -32602 Invalid params');
  });

  it.each([
    ['no jsonrpc member', '{"id":1,"method":"m"}', 'no jsonrpc member (JSON-RPC 2.0 requires "2.0")'],
    ['another version', '{"jsonrpc":2,"id":1,"method":"m"}', 'jsonrpc is 2, not "2.0"'],
    ['a method that is a number', '{"jsonrpc":"2.0","id":1,"method":5}', 'method is a number, not a string'],
    ['params that are a string', '{"jsonrpc":"2.0","id":1,"method":"m","params":"x"}', 'params is a string, not an array or object'],
    ['an object id', '{"jsonrpc":"2.0","id":{},"method":"m"}', 'id is an object, not a string, number or null'],
    ['a request with a result', '{"jsonrpc":"2.0","id":1,"method":"m","result":1}', 'a request carries no result'],
    ['both result and error', '{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}}', 'a response carries a result or an error, not both'],
    ['a response without id', '{"jsonrpc":"2.0","result":1}', 'a response without an id'],
    ['an error that is a string', '{"jsonrpc":"2.0","id":1,"error":"bad"}', 'error is a string, not an object'],
    ['a fractional code', '{"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"m"}}', 'error.code is 1.5, not an integer'],
    ['an error without code or message', '{"jsonrpc":"2.0","id":1,"error":{}}', 'error without a code; error without a message'],
    ['neither request nor response', '{"jsonrpc":"2.0","id":1}', 'neither a method (request) nor a result or error (response)'],
    ['a number', '42', 'a JSON-RPC message is an object, not a number'],
  ])('%s gets a specific error', (_name, text, error) => {
    expect(decodeOne(rpc, send(text)).items[0]!.error).toBe(error);
  });

  it('an empty batch and text that is not JSON are refused whole', () => {
    expect(decodeOne(rpc, send('[]')).error).toBe('an empty batch (JSON-RPC 2.0 answers it with Invalid Request)');
    expect(decodeOne(rpc, send('{"jsonrpc":')).error).toMatch(/^not JSON: /);
  });
});

describe('JSON-RPC detection', () => {
  it('the explicit "jsonrpc":"2.0" is strong evidence; a json-rpc sub-protocol stronger', () => {
    expect(rpc.detect(context(), [send('{"jsonrpc":"2.0","id":1,"method":"m"}'), receive('{"jsonrpc":"2.0","id":1,"result":null}')])).toBe(0.8);
    expect(rpc.detect(context('ws://h/', 'jsonrpc-2.0'), [])).toBe(0.9);
    expect(rpc.detect(context('ws://h/', '', ['json-rpc']), [])).toBe(0.8);
  });

  it('a mix with other messages is weaker; JSON without "jsonrpc" is not claimed', () => {
    expect(rpc.detect(context(), [send('{"jsonrpc":"2.0","id":1,"method":"m"}'), receive('{"type":"hello"}')])).toBe(0.55);
    expect(rpc.detect(context(), [send('{"id":1,"method":"m","params":[]}')])).toBe(0);
    expect(rpc.detect(context(), [send('{"type":"subscribe","id":"1","payload":{"query":"{a}"}}')])).toBe(0);
    expect(rpc.detect(context(), [send('{"text":"the word \\"jsonrpc\\" in chat"}')])).toBe(0);
  });
});

describe('JSON-RPC fuzz', () => {
  it('decode never throws and always returns a DecodedMessage', () => {
    fuzzDecoder(rpc, [
      send('{"jsonrpc":"2.0","id":7,"method":"eth_subscribe","params":["newHeads"]}'),
      receive('{"jsonrpc":"2.0","id":7,"result":"0x9c"}'),
      receive('{"jsonrpc":"2.0","id":"a","error":{"code":-32601,"message":"Method not found"}}'),
      send('[{"jsonrpc":"2.0","id":1,"method":"sum","params":[1,2]},{"jsonrpc":"2.0","method":"log"}]'),
    ]);
  });
});
