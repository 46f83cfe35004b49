import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseOperation, readGraphqlDocument } from '../../src/protocols/graphql-document.ts';
import { graphqlTransportWsDecoder as modern, subscriptionsTransportWsDecoder as legacy } from '../../src/protocols/graphql-ws.ts';
import { context, decodeAll, decodeOne, fuzzDecoder, receive, send } from './decoder-checks.ts';

const subscribe = (id: string, query: string, extra = '') => send(`{"id":"${id}","type":"subscribe","payload":{"query":${JSON.stringify(query)}${extra}}}`);

describe('GraphQL document reading', () => {
  it('lays a document out one selection per line, indented by braces, keeping strings, arguments and comments whole', () => {
    const source =
      'query Q($id: ID!, $n: Int = 10) { user(id: $id) { id, name ...F ... on Admin { level } ' +
      'friends(first: $n, filter: {tags: ["a}", "b{"], x: 1}) @include(if: true) { edges { node { id } } } } } ' +
      '# trailing { comment\nfragment F on User { email(format: """a { block\n}""") }';
    expect(readGraphqlDocument(source).formatted).toBe(
      [
        'query Q($id: ID!, $n: Int = 10) {',
        '  user(id: $id) {',
        '    id,',
        '    name',
        '    ...F',
        '    ... on Admin {',
        '      level',
        '    }',
        '    friends(first: $n, filter: {tags: ["a}", "b{"], x: 1}) @include(if: true) {',
        '      edges {',
        '        node {',
        '          id',
        '        }',
        '      }',
        '    }',
        '  }',
        '}',
        '',
        '# trailing { comment',
        'fragment F on User {',
        '  email(format: """a { block\n}""")',
        '}',
      ].join('\n'),
    );
  });

  it('finds each operation: named, anonymous shorthand, after fragments; the operationName chooses', () => {
    const document = readGraphqlDocument(
      'fragment P on Price { value } subscription OnPriceChanged($s: String) { price(symbol: $s) { ...P } } mutation { buy } { prices }',
    );
    expect(document.operations).toEqual([{ type: 'subscription', name: 'OnPriceChanged' }, { type: 'mutation' }, { type: 'query' }]);
    expect(chooseOperation(document.operations, 'OnPriceChanged')).toEqual({ type: 'subscription', name: 'OnPriceChanged' });
    expect(chooseOperation(document.operations, undefined)).toEqual({ type: 'subscription', name: 'OnPriceChanged' });
    expect(chooseOperation(document.operations, 'Missing')).toBeUndefined();
    expect(readGraphqlDocument('# just { a comment\n"{"').operations).toEqual([]);
  });

  it('never throws and keeps every non-space character of any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[{}()[\]"#\\ a-z:$@.\n]*$/)), (source) => {
        const document = readGraphqlDocument(source);
        const strip = (text: string) => text.replace(/[\s,\ufeff]/g, '');
        expect(strip(document.formatted)).toBe(strip(source));
      }),
      { numRuns: 500 },
    );
  });

  it('stays linear on deep nesting', () => {
    const deep = '{ a '.repeat(20_000) + '}'.repeat(20_000);
    const document = readGraphqlDocument(deep);
    expect(document.operations).toEqual([{ type: 'query' }]);
    // The opening brace, 20,000 nested fields, 20,000 closing braces.
    expect(document.formatted.split('\n').length).toBe(40_001);
  });
});

describe('graphql-transport-ws decoding', () => {
  it('a subscribe shows the operation, its exact variables and its query formatted, and opens a correlation', () => {
    const [decoded] = decodeAll(modern, [
      subscribe(
        '1',
        'subscription OnPriceChanged($symbol: String!) { price(symbol: $symbol) { value } }',
        ',"variables":{"symbol":"ACME","limit":9007199254740993}',
      ),
    ]);
    expect(decoded!.summary).toBe('subscribe OnPriceChanged');
    const [item] = decoded!.items;
    expect(item!.fields).toEqual({ id: '1', operation: 'OnPriceChanged', type: 'subscription' });
    expect(item!.correlation).toEqual({ role: 'request', scope: 'graphql', id: '1' });
    expect(item!.error).toBeUndefined();
    expect(item!.tree[0]).toEqual({ label: 'operation', type: 'text', value: 'subscription OnPriceChanged' });
    const payload = item!.tree.find((node) => node.label === 'payload')!;
    expect(payload.children!.find((node) => node.label === 'query')).toEqual({
      label: 'query',
      type: 'text',
      value: 'subscription OnPriceChanged($symbol: String!) {\n  price(symbol: $symbol) {\n    value\n  }\n}',
    });
    expect(payload.children!.find((node) => node.label === 'variables')!.children).toEqual([
      { label: 'symbol', type: 'string', value: 'ACME' },
      { label: 'limit', type: 'number', value: '9007199254740993' },
    ]);
  });

  it('results, errors and completes name their operation and answer its id; a client complete cancels', () => {
    const decoded = decodeAll(modern, [
      send('{"type":"connection_init","payload":{"token":"t"}}'),
      receive('{"type":"connection_ack"}'),
      subscribe('1', 'subscription OnPriceChanged { price }'),
      subscribe('2', '{ prices }'),
      receive('{"id":"1","type":"next","payload":{"data":{"price":1.10}}}'),
      receive('{"id":"2","type":"error","payload":[{"message":"boom"}]}'),
      send('{"id":"1","type":"complete"}'),
      receive('{"id":"1","type":"complete"}'),
      receive('{"id":"1","type":"next","payload":{"data":null}}'),
    ]);
    expect(decoded.map((message) => message.summary)).toEqual([
      'connection_init',
      'connection_ack',
      'subscribe OnPriceChanged',
      'subscribe anonymous query',
      'next 1',
      'error 2',
      'complete 1',
      'complete 1',
      'next 1',
    ]);
    const items = decoded.map((message) => message.items[0]!);
    expect(items[3]!.fields).toEqual({ id: '2', type: 'query' });
    expect(items[4]!.fields).toEqual({ id: '1', operation: 'OnPriceChanged', type: 'subscription' });
    expect(items[4]!.tree.find((node) => node.label === 'payload')!.children![0]!.children![0]).toEqual({ label: 'price', type: 'number', value: '1.10' });
    expect(items[4]!.correlation).toEqual({ role: 'response', scope: 'graphql', id: '1' });
    expect(items[5]!.correlation).toEqual({ role: 'response', scope: 'graphql', id: '2' });
    expect(items[5]!.fields.type).toBe('query');
    expect(items[6]!.correlation).toBeUndefined();
    expect(items[6]!.fields.operation).toBe('OnPriceChanged');
    expect(items[7]!.correlation).toEqual({ role: 'response', scope: 'graphql', id: '1' });
    // The server's complete ended operation 1: a later result for it names no operation.
    expect(items[8]!.fields).toEqual({ id: '1' });
    expect(items.every((item) => item.error === undefined)).toBe(true);
  });

  it('pings and pongs are marked as heartbeats, either way', () => {
    const decoded = decodeAll(modern, [send('{"type":"ping"}'), receive('{"type":"pong","payload":{"at":1}}'), receive('{"type":"ping"}')]);
    expect(decoded.map((message) => [message.summary, message.items[0]!.fields.heartbeat, message.items[0]!.error])).toEqual([
      ['ping', 'true', undefined],
      ['pong', 'true', undefined],
      ['ping', 'true', undefined],
    ]);
  });

  it('the operationName picks the operation of a document with several', () => {
    const item = decodeOne(modern, subscribe('7', 'query A { a } mutation B { b }', ',"operationName":"B"')).items[0]!;
    expect([item.key, item.fields.type, item.error]).toEqual(['B', 'mutation', undefined]);
  });

  it('a persisted query (hash, no text) is not an error', () => {
    const item = decodeOne(
      modern,
      send('{"id":"3","type":"subscribe","payload":{"operationName":"Feed","extensions":{"persistedQuery":{"version":1,"sha256Hash":"ab"}}}}'),
    ).items[0]!;
    expect([item.key, item.fields.operation, item.error]).toEqual(['Feed', 'Feed', undefined]);
  });

  it.each([
    ['not JSON', send('{"type":'), undefined, /^not JSON: unexpected end of JSON at offset 8$/],
    ['not an object', send('[1]'), 'invalid', /^a graphql-transport-ws message is a JSON object, not an array$/],
    ['no type', send('{"id":"1"}'), 'invalid', /^no 'type' field$/],
    ['a type that is not a string', send('{"type":3}'), 'invalid', /^'type' is a number, not a string$/],
    ['an unknown type', send('{"type":"start","id":"1"}'), 'start', /^'start' is not a graphql-transport-ws message type$/],
    ['a subscribe without an id', send('{"type":"subscribe","payload":{"query":"{a}"}}'), 'subscribe', /^subscribe without an id$/],
    ['a numeric id', receive('{"type":"next","id":1,"payload":{}}'), 'next', /^next's id is a number, not a string$/],
    ['a subscribe without a payload', send('{"type":"subscribe","id":"1"}'), 'subscribe', /^subscribe without a payload$/],
    ['a subscribe without a query', send('{"type":"subscribe","id":"1","payload":{}}'), 'subscribe', /^subscribe without payload.query$/],
    [
      'a query that is not text',
      send('{"type":"subscribe","id":"1","payload":{"query":{"kind":"Document"}}}'),
      'subscribe',
      /^payload.query is an object, not a string$/,
    ],
    [
      'a query with no operation',
      send('{"type":"subscribe","id":"1","payload":{"query":"fragment F on T { a }"}}'),
      'subscribe',
      /^payload.query defines no operation$/,
    ],
    [
      'an operationName not in the query',
      send('{"type":"subscribe","id":"1","payload":{"query":"query A { a }","operationName":"B"}}'),
      'subscribe',
      /^payload.query has no operation named 'B'$/,
    ],
    [
      'variables that are not an object',
      send('{"type":"subscribe","id":"1","payload":{"query":"{a}","variables":[1]}}'),
      'subscribe',
      /^payload.variables is an array, not an object$/,
    ],
    ['a next sent by the client', send('{"type":"next","id":"1","payload":{}}'), 'next', /^next comes from the server, but the client sent it$/],
    [
      'a subscribe sent by the server',
      receive('{"type":"subscribe","id":"1","payload":{"query":"{a}"}}'),
      'subscribe',
      /^subscribe comes from the client, but the server sent it$/,
    ],
  ])('%s gets a specific error', (_name, message, type, error) => {
    const decoded = decodeOne(modern, message);
    if (type === undefined) {
      expect(decoded.items).toEqual([]);
      expect(decoded.error).toMatch(error);
      expect(decoded.summary).toBe(`malformed: ${decoded.error}`);
    } else {
      expect(decoded.items[0]!.type).toBe(type);
      expect(decoded.items[0]!.error).toMatch(error);
    }
  });

  it('a binary message is read as UTF-8 JSON, or said not to be', () => {
    expect(decodeOne(modern, { direction: 'receive', kind: 'binary', bytes: new TextEncoder().encode('{"type":"connection_ack"}') }).summary).toBe(
      'connection_ack',
    );
    expect(decodeOne(modern, { direction: 'receive', kind: 'binary', bytes: new Uint8Array([0xff, 0xfe]) }).error).toBe(
      'binary message of 2 bytes is not UTF-8 text',
    );
  });
});

describe('subscriptions-transport-ws (legacy) decoding', () => {
  it('decodes every message type of a session', () => {
    const decoded = decodeAll(legacy, [
      send('{"type":"connection_init","payload":{}}'),
      receive('{"type":"connection_ack"}'),
      receive('{"type":"ka"}'),
      send('{"id":"1","type":"start","payload":{"query":"subscription OnPriceChanged { price }","variables":{},"operationName":"OnPriceChanged"}}'),
      receive('{"id":"1","type":"data","payload":{"data":{"price":3}}}'),
      send('{"id":"2","type":"start","payload":{"query":"{ nope }"}}'),
      receive('{"id":"2","type":"error","payload":{"message":"Cannot query field nope"}}'),
      send('{"id":"1","type":"stop"}'),
      receive('{"id":"1","type":"complete"}'),
      receive('{"type":"connection_error","payload":{"message":"Prohibited connection!"}}'),
      send('{"type":"connection_terminate"}'),
    ]);
    expect(decoded.map((message) => message.summary)).toEqual([
      'connection_init',
      'connection_ack',
      'ka',
      'start OnPriceChanged',
      'data 1',
      'start anonymous query',
      'error 2',
      'stop 1',
      'complete 1',
      'connection_error',
      'connection_terminate',
    ]);
    const items = decoded.map((message) => message.items[0]!);
    expect(items.every((item) => item.error === undefined)).toBe(true);
    expect(items[2]!.fields.heartbeat).toBe('true');
    expect(items[3]!.correlation).toEqual({ role: 'request', scope: 'graphql', id: '1' });
    expect(items[4]!.fields).toEqual({ id: '1', operation: 'OnPriceChanged', type: 'subscription' });
    expect(items[4]!.correlation).toEqual({ role: 'response', scope: 'graphql', id: '1' });
    expect(items[7]!.correlation).toBeUndefined();
    expect(items[7]!.fields.operation).toBe('OnPriceChanged');
    expect(items[8]!.correlation).toEqual({ role: 'response', scope: 'graphql', id: '1' });
  });

  it("flags the other dialect's message types", () => {
    expect(decodeOne(legacy, send('{"id":"1","type":"subscribe","payload":{"query":"{a}"}}')).items[0]!.error).toBe(
      "'subscribe' is not a graphql-ws message type",
    );
    expect(decodeOne(legacy, send('{"id":"1","type":"complete"}')).items[0]!.error).toBe('complete comes from the server, but the client sent it');
  });
});

describe('GraphQL detection', () => {
  const init = send('{"type":"connection_init","payload":{}}');
  const ack = receive('{"type":"connection_ack"}');
  const scores = (connection = context(), messages = [init, ack]) => [modern.detect(connection, messages), legacy.detect(connection, messages)];

  it('the sub-protocol decides: graphql-transport-ws is the new protocol (the graphql-ws library), graphql-ws the legacy one', () => {
    const [modernScore, legacyScore] = scores(context('ws://h/graphql', 'graphql-transport-ws', ['graphql-transport-ws']));
    expect(modernScore).toBeGreaterThan(0.9);
    expect(legacyScore).toBeLessThan(0.5);
    const [modernOnLegacy, legacyOnLegacy] = scores(context('ws://h/graphql', 'graphql-ws', ['graphql-ws']));
    expect(legacyOnLegacy).toBeGreaterThan(0.9);
    expect(modernOnLegacy).toBeLessThan(0.5);
    // Offered, server's answer unknown: still strong, below a confirmed choice.
    expect(modern.detect(context('ws://h/', '', ['graphql-transport-ws']), [])).toBe(0.85);
  });

  it("messages only one dialect has outweigh the other's sub-protocol name", () => {
    const newMessages = [init, ack, send('{"id":"1","type":"subscribe","payload":{"query":"{a}"}}')];
    const [modernScore, legacyScore] = scores(context('ws://h/', 'graphql-ws', ['graphql-ws']), newMessages);
    expect(modernScore).toBeGreaterThan(legacyScore!);
  });

  it('without a sub-protocol, the first messages decide; an init and ack alone lean to the current protocol', () => {
    const [modernScore, legacyScore] = scores();
    expect(modernScore).toBeGreaterThan(0.5);
    expect(modernScore).toBeGreaterThan(legacyScore!);
    const start = send('{"id":"1","type":"start","payload":{"query":"subscription { a }"}}');
    const [modernOnStart, legacyOnStart] = scores(context(), [init, ack, start]);
    expect(legacyOnStart).toBeGreaterThan(0.5);
    expect(modernOnStart).toBe(0);
  });

  it('does not claim JSON apps that happen to use a "type" field', () => {
    const chat = [send('{"type":"ping"}'), receive('{"type":"pong"}'), receive('{"type":"message","text":"hi"}')];
    expect(scores(context(), chat)).toEqual([0, 0]);
    expect(scores(context(), [send('{"type":"ping"}'), receive('{"type":"pong"}')]).every((score) => score < 0.5)).toBe(true);
    expect(scores(context(), [])).toEqual([0, 0]);
  });
});

describe('GraphQL fuzz', () => {
  const samples = [
    send('{"type":"connection_init","payload":{}}'),
    send('{"id":"1","type":"subscribe","payload":{"query":"subscription S($a: Int) { s(a: $a) { x } }","variables":{"a":1}}}'),
    receive('{"id":"1","type":"next","payload":{"data":{"s":{"x":1}}}}'),
    send('{"id":"1","type":"start","payload":{"query":"{ a }"}}'),
    receive('{"id":"1","type":"data","payload":{"data":{"a":1}}}'),
  ];
  it('graphql-transport-ws: decode never throws and always returns a DecodedMessage', () => fuzzDecoder(modern, samples));
  it('subscriptions-transport-ws: decode never throws and always returns a DecodedMessage', () => fuzzDecoder(legacy, samples));
});
