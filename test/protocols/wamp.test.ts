// AutobahnJS (autobahn-browser, run in Node over `ws`) as caller, callee, publisher and subscriber, with each of
// its serializers (JSON, MessagePack, CBOR), against our router through the recording proxy; the batched
// sub-protocols, which AutobahnJS does not offer, from a minimal client of ours. The recorded messages are
// decoded and checked against what the clients did. (The same with AutobahnJS in a browser page comes later.)
import autobahn, { type Connection, type Session } from 'autobahn-browser';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { DecodedItem } from '../../src/protocols/types';
import { decodeDetected } from './decode-connection';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './recording-proxy';
import { startWampRouter, WAMP_REALM, WAMP_TICKET, type WampRouter } from './servers/wamp';

// AutobahnJS takes the WebSocket class from the global object, as in a browser.
vi.stubGlobal('WebSocket', WebSocket);
// It also reports every close and every handler exception on the console, which here are expected.
for (const method of ['log', 'warn', 'error'] as const) vi.spyOn(console, method).mockImplementation(() => {});

let router: WampRouter;
let proxy: RecordingProxy;
beforeAll(async () => {
  router = await startWampRouter();
  proxy = await startRecordingProxy(router.wsUrl);
});
afterAll(async () => {
  await proxy.close();
  await router.close();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

type Options = Partial<ConstructorParameters<typeof autobahn.Connection>[0]>;

/** Opens a session; resolves with it and the proxy's record of its connection, or rejects with the close reason. */
function join(serializer: string, options: Options = {}): Promise<{ connection: Connection; session: Session; recorded: RecordedConnection }> {
  const serializers = { json: autobahn.serializer.JSONSerializer, msgpack: autobahn.serializer.MsgpackSerializer, cbor: autobahn.serializer.CBORSerializer };
  const connection = new autobahn.Connection({
    url: `${proxy.wsUrl}/ws`,
    realm: WAMP_REALM,
    serializers: [new serializers[serializer as keyof typeof serializers]()],
    max_retries: 0,
    ...options,
  });
  return new Promise((resolve, reject) => {
    connection.onopen = (session) => resolve({ connection, session, recorded: proxy.connections.at(-1)! });
    connection.onclose = (reason, details) => reject(new Error(`${reason}: ${String(details.reason)}`));
    connection.open();
  });
}

function leave(connection: Connection): Promise<void> {
  return new Promise((resolve) => {
    connection.onclose = () => {
      resolve();
      return true;
    };
    connection.close();
  });
}

/** The connection's messages decoded in order by the decoder detection picks, which must be WAMP's. */
function decodeAll(recorded: RecordedConnection) {
  const { id, decoded } = decodeDetected(recorded);
  if (id !== 'wamp') throw new Error(`detected ${id}`);
  return decoded;
}

/** Summaries of one direction, ids (random in a real router) shown as '#'. */
function summaries(recorded: RecordedConnection, direction: 'send' | 'receive'): string[] {
  return decodeAll(recorded)
    .filter((message) => message.direction === direction)
    .map((message) => message.summary.replace(/ \d+($| \+)/, ' #$1'));
}

function items(recorded: RecordedConnection): (DecodedItem & { direction: string })[] {
  return decodeAll(recorded).flatMap((message) => message.items.map((item) => ({ direction: message.direction, ...item })));
}

const node = (item: DecodedItem | undefined, label: string) => item?.tree.find((each) => each.label === label);

/** Every answer on the connection pairs with a request of the same scope and id. */
function expectAnswersPaired(recorded: RecordedConnection): void {
  const all = items(recorded);
  const requests = new Set(all.filter((item) => item.correlation?.role === 'request').map((item) => `${item.correlation!.scope} ${item.correlation!.id}`));
  const answers = all.filter((item) => item.correlation?.role === 'response');
  expect(answers.length).toBeGreaterThan(0);
  for (const item of answers) expect(requests).toContain(`${item.correlation!.scope} ${item.correlation!.id}`);
}

describe.each(['json', 'msgpack', 'cbor'])('WAMP wamp.2.%s, AutobahnJS', (serializer) => {
  let callee: RecordedConnection;
  let caller: RecordedConnection;
  let aborted: RecordedConnection;

  beforeAll(async () => {
    const events: unknown[] = [];
    const calleeSide = await join(serializer, { authmethods: ['ticket'], authid: 'joe', onchallenge: () => WAMP_TICKET });
    callee = calleeSide.recorded;
    const subscription = await calleeSide.session.subscribe('com.chat', (args) => events.push(args[0]));
    const add = await calleeSide.session.register('com.example.add', ([a, b]) => (a as number) + (b as number));
    await calleeSide.session.register('com.example.fail', () => {
      throw new autobahn.Error('com.example.error.invalid_input', ['bad input']);
    });

    const callerSide = await join(serializer);
    caller = callerSide.recorded;
    expect(await callerSide.session.call('com.example.add', [2, 3])).toBe(5);
    await expect(callerSide.session.call('com.example.fail', [])).rejects.toMatchObject({ error: 'com.example.error.invalid_input' });
    await expect(callerSide.session.call('com.example.missing')).rejects.toMatchObject({ error: 'wamp.error.no_such_procedure' });
    await callerSide.session.publish('com.chat', ['hello'], {}, { acknowledge: true });
    await until(() => events.length === 1);
    await calleeSide.session.unsubscribe(subscription);
    await calleeSide.session.unregister(add);
    await leave(callerSide.connection);
    await leave(calleeSide.connection);

    await expect(join(serializer, { realm: 'nowhere' })).rejects.toThrow(/no_such_realm/);
    aborted = proxy.connections.at(-1)!;
  });

  test('the sub-protocol names the serializer, and every message decodes without error', () => {
    expect(caller.protocol).toBe(`wamp.2.${serializer}`);
    for (const recorded of [callee, caller, aborted]) {
      const decoded = decodeAll(recorded);
      expect(decoded.filter((message) => message.error !== undefined || message.items.some((item) => item.error))).toEqual([]);
      expect(new Set(decoded.map((message) => message.protocol))).toEqual(new Set(['wamp']));
    }
  });

  test('the callee and subscriber: ticket authentication, subscribe, register, invocations, event, unsubscribe, goodbye', () => {
    expect(summaries(callee, 'send')).toEqual([
      'HELLO realm1',
      'AUTHENTICATE',
      'SUBSCRIBE com.chat',
      'REGISTER com.example.add',
      'REGISTER com.example.fail',
      'YIELD #',
      'ERROR com.example.error.invalid_input',
      'UNSUBSCRIBE #',
      'UNREGISTER #',
      expect.stringMatching(/^GOODBYE wamp\.close\./),
    ]);
    expect(summaries(callee, 'receive')).toEqual([
      'CHALLENGE ticket',
      'WELCOME #',
      'SUBSCRIBED #',
      'REGISTERED #',
      'REGISTERED #',
      'INVOCATION #',
      'INVOCATION #',
      'EVENT #',
      'UNSUBSCRIBED #',
      'UNREGISTERED #',
      'GOODBYE wamp.close.goodbye_and_out',
    ]);
    const all = items(callee);
    const subscribed = all.find((item) => item.type === 'SUBSCRIBED')!;
    const event = all.find((item) => item.type === 'EVENT')!;
    expect(event.key).toBe(subscribed.key);
    expect(event.fields.subscription).toBe(subscribed.fields.subscription);
    expect(node(event, 'arguments')!.children!.map((each) => each.value)).toEqual(['hello']);
    const [registeredAdd] = all.filter((item) => item.type === 'REGISTERED');
    const [invokeAdd] = all.filter((item) => item.type === 'INVOCATION');
    expect(invokeAdd!.key).toBe(registeredAdd!.key);
    expect(node(invokeAdd, 'arguments')!.children!.map((each) => each.value)).toEqual(['2', '3']);
    const yielded = all.find((item) => item.type === 'YIELD')!;
    expect(yielded.correlation).toEqual({ role: 'response', scope: 'wamp:invocation', id: invokeAdd!.fields.id });
    expect(node(yielded, 'arguments')!.children!.map((each) => each.value)).toEqual(['5']);
    const failed = all.find((item) => item.type === 'ERROR')!;
    expect(failed.fields).toMatchObject({ requesttype: 'INVOCATION', error: 'com.example.error.invalid_input' });
    expect(all.find((item) => item.type === 'WELCOME')!.tree[2]!.children!.find((each) => each.label === 'authmethod')!.value).toBe('ticket');
    expectAnswersPaired(callee);
  });

  test('the caller and publisher: call with result, with an error, of no procedure; publish acknowledged', () => {
    expect(summaries(caller, 'send')).toEqual([
      'HELLO realm1',
      'CALL com.example.add',
      'CALL com.example.fail',
      'CALL com.example.missing',
      'PUBLISH com.chat',
      expect.stringMatching(/^GOODBYE wamp\.close\./),
    ]);
    expect(summaries(caller, 'receive')).toEqual([
      'WELCOME #',
      'RESULT #',
      'ERROR com.example.error.invalid_input',
      'ERROR wamp.error.no_such_procedure',
      'PUBLISHED #',
      'GOODBYE wamp.close.goodbye_and_out',
    ]);
    const all = items(caller);
    const call = all.find((item) => item.type === 'CALL')!;
    expect(call.fields).toMatchObject({ procedure: 'com.example.add' });
    expect(call.correlation).toEqual({ role: 'request', scope: 'wamp:call', id: call.fields.id });
    const result = all.find((item) => item.type === 'RESULT')!;
    expect(result.correlation).toEqual({ role: 'response', scope: 'wamp:call', id: call.fields.id });
    expect(node(result, 'arguments')!.children!.map((each) => each.value)).toEqual(['5']);
    const [failed, missing] = all.filter((item) => item.type === 'ERROR');
    expect(failed!.fields).toMatchObject({ requesttype: 'CALL' });
    expect(missing!.correlation?.scope).toBe('wamp:call');
    expect(all.find((item) => item.type === 'PUBLISH')!.fields).toMatchObject({ topic: 'com.chat' });
    expectAnswersPaired(caller);
  });

  test('an unknown realm is aborted', () => {
    expect(summaries(aborted, 'send')).toEqual(['HELLO nowhere']);
    expect(summaries(aborted, 'receive')).toEqual(['ABORT wamp.error.no_such_realm']);
  });
});

describe.each(['wamp.2.json.batched', 'wamp.2.msgpack.batched'])('WAMP %s, a minimal client of ours', (subprotocol) => {
  let recorded: RecordedConnection;

  beforeAll(async () => {
    const json = subprotocol.includes('json');
    const msgpack = new autobahn.serializer.MsgpackSerializer();
    const encode = (batch: unknown[][]) =>
      json
        ? batch.map((message) => JSON.stringify(message) + '\x18').join('')
        : Buffer.concat(
            batch.flatMap((message) => {
              const body = Buffer.from(msgpack.serialize(message) as Uint8Array);
              const prefix = Buffer.alloc(4);
              prefix.writeUInt32BE(body.length);
              return [prefix, body];
            }),
          );
    const decode = (data: Buffer): unknown[][] => {
      if (json)
        return data
          .toString('utf8')
          .split('\x18')
          .slice(0, -1)
          .map((text) => JSON.parse(text) as unknown[]);
      const messages: unknown[][] = [];
      for (let at = 0; at < data.length; at += 4 + data.readUInt32BE(at))
        messages.push(msgpack.unserialize(data.subarray(at + 4, at + 4 + data.readUInt32BE(at))) as unknown[]);
      return messages;
    };
    const socket = new WebSocket(`${proxy.wsUrl}/ws`, [subprotocol]);
    const inbox: unknown[][] = [];
    socket.on('message', (data: Buffer) => inbox.push(...decode(data)));
    await new Promise((resolve) => socket.once('open', resolve));
    recorded = proxy.connections.at(-1)!;
    const send = (...batch: unknown[][]) => socket.send(encode(batch));
    send([1, WAMP_REALM, { roles: { subscriber: {}, publisher: {}, caller: {}, callee: {} } }]);
    await until(() => inbox.length === 1);
    send([32, 1, {}, 'com.chat'], [64, 2, {}, 'com.example.echo']);
    await until(() => inbox.length === 3);
    send([16, 3, { acknowledge: true, exclude_me: false }, 'com.chat', ['hi']], [48, 4, {}, 'com.example.echo', ['x']]);
    await until(() => inbox.length === 6);
    const invocation = inbox[5]!;
    send([70, invocation[1], {}, invocation[4]]);
    await until(() => inbox.length === 7);
    send([6, {}, 'wamp.close.close_realm']);
    await new Promise((resolve) => socket.once('close', resolve));
  });

  test('several WAMP messages per WebSocket message, both ways', () => {
    expect(recorded.protocol).toBe(subprotocol);
    const decoded = decodeAll(recorded);
    expect(decoded.filter((message) => message.error !== undefined || message.items.some((item) => item.error))).toEqual([]);
    expect(summaries(recorded, 'send')).toEqual(['HELLO realm1', 'SUBSCRIBE com.chat +1', 'PUBLISH com.chat +1', 'YIELD #', 'GOODBYE wamp.close.close_realm']);
    expect(summaries(recorded, 'receive')).toEqual(['WELCOME #', 'SUBSCRIBED # +1', 'EVENT # +2', 'RESULT #', 'GOODBYE wamp.close.goodbye_and_out']);
    const batch = decoded.find((message) => message.summary.startsWith('EVENT'))!;
    expect(batch.items.map((item) => item.type)).toEqual(['EVENT', 'PUBLISHED', 'INVOCATION']);
    expect(batch.items[2]!.fields).toMatchObject({ id: expect.any(String), registration: expect.any(String) });
    expectAnswersPaired(recorded);
  });
});
