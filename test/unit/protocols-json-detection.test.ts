// Which decoder the registry picks for JSON-carrying connections: every JSON protocol against the
// others and against plain JSON apps (the false positives that matter: GraphQL vs JSON-RPC vs Phoenix
// vs Action Cable vs a chat app's own JSON).
import { describe, expect, it } from 'vitest';
import { detectProtocol } from '../../src/protocols/registry.ts';
import type { ConnectionContext, MessageInput } from '../../src/protocols/types.ts';
import { context, receive, send } from './decoder-checks.ts';

const detected = (connection: ConnectionContext, messages: MessageInput[]) => detectProtocol(connection, messages)?.id;

const graphqlInit = send('{"type":"connection_init","payload":{}}');
const graphqlAck = receive('{"type":"connection_ack"}');
const rpcCall = send('{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}');
const rpcResult = receive('{"jsonrpc":"2.0","id":1,"result":"0x10"}');
const phoenixJoin = send('["1","1","room:lobby","phx_join",{}]');
const phoenixReply = receive('["1","1","room:lobby","phx_reply",{"status":"ok","response":{}}]');
const cableWelcome = receive('{"type":"welcome"}');

describe('detection among the JSON protocols', () => {
  it.each([
    [
      'graphql-transport-ws by its messages',
      context(),
      [graphqlInit, graphqlAck, send('{"id":"1","type":"subscribe","payload":{"query":"{a}"}}')],
      'graphql-ws',
    ],
    ['subscriptions-transport-ws by its messages', context(), [graphqlInit, graphqlAck, receive('{"type":"ka"}')], 'subscriptions-transport-ws'],
    ['graphql-transport-ws by sub-protocol alone', context('ws://h/graphql', 'graphql-transport-ws', ['graphql-transport-ws']), [], 'graphql-ws'],
    [
      'the legacy protocol by its sub-protocol graphql-ws',
      context('ws://h/graphql', 'graphql-ws', ['graphql-ws']),
      [graphqlInit, graphqlAck],
      'subscriptions-transport-ws',
    ],
    ['Phoenix by its URL', context('wss://h/socket/websocket?vsn=2.0.0'), [], 'phoenix'],
    ['Phoenix by its messages', context('wss://h/ws'), [phoenixJoin, phoenixReply], 'phoenix'],
    ['Action Cable by sub-protocol', context('wss://h/cable', 'actioncable-v1-json', ['actioncable-v1-json', 'actioncable-unsupported']), [], 'actioncable'],
    ['Action Cable by its welcome', context('wss://h/cable'), [cableWelcome], 'actioncable'],
    ['JSON-RPC by its messages', context(), [rpcCall, rpcResult], 'json-rpc'],
    ['a chat app with a type member', context(), [send('{"type":"join","room":"lobby"}'), receive('{"type":"message","text":"hi"}')], 'json'],
    ['a chat app with topic/event/payload', context(), [send('{"topic":"chat","event":"message","payload":{"text":"hi"}}')], 'json'],
    ['a chat app pinging', context(), [send('{"type":"ping"}'), receive('{"type":"pong"}')], 'json'],
    ['a game saying welcome', context(), [receive('{"type":"welcome","player":7}')], 'json'],
    ['a JSON app greeting with a bare welcome', context('wss://h/ws'), [receive('{"type":"welcome"}')], 'json'],
    ['JSON Lines', context(), [receive('{"t":1}\n{"t":2}')], 'json-lines'],
    ['JSON-RPC on a Phoenix-looking URL', context('wss://h/socket/websocket?vsn=2.0.0'), [rpcCall, rpcResult], 'json-rpc'],
  ])('%s', (_name, connection, messages, id) => {
    expect(detected(connection, messages)).toBe(id);
  });

  it('plain text and no messages at all are left raw', () => {
    expect(detected(context(), [send('hello'), receive('world')])).toBeUndefined();
    expect(detected(context(), [])).toBeUndefined();
    // A /websocket path without phoenix.js's ?vsn= is too common a name to mean Phoenix.
    expect(detected(context('wss://h/websocket'), [])).toBeUndefined();
  });
});
