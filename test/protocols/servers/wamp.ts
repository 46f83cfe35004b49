// A small WAMP v2 router with `ws` (npm has no WAMP router; Crossbar.io is Python), speaking the Basic Profile as
// the spec defines it (https://wamp-proto.org/wamp_latest_ietf.html): HELLO → WELCOME (or CHALLENGE/AUTHENTICATE
// with ticket authentication, or ABORT for an unknown realm or a wrong ticket), a broker (SUBSCRIBE, PUBLISH →
// EVENT, PUBLISHED on acknowledge, UNSUBSCRIBE) and a dealer (REGISTER, CALL → INVOCATION, YIELD → RESULT,
// a callee's ERROR → the caller's ERROR, UNREGISTER), GOODBYE. Serializers: wamp.2.json, wamp.2.msgpack and
// wamp.2.cbor through AutobahnJS's own (msgpack5, node-cbor), and the batched wamp.2.json.batched (0x18 after
// each message) and wamp.2.msgpack.batched (4-byte length before each); a batched session's replies to one
// incoming message leave together in one WebSocket message. Exported for the browser tests too.
import autobahn from 'autobahn-browser';
import type { WebSocket } from 'ws';
import { listenWebSocket } from './listen';

type Message = unknown[];

export const WAMP_SUBPROTOCOLS = ['wamp.2.json', 'wamp.2.msgpack', 'wamp.2.cbor', 'wamp.2.json.batched', 'wamp.2.msgpack.batched'];
export const WAMP_REALM = 'realm1';
/** The ticket a client authenticating with 'ticket' must present. */
export const WAMP_TICKET = 'secret-ticket';

const M = {
  HELLO: 1,
  WELCOME: 2,
  ABORT: 3,
  CHALLENGE: 4,
  AUTHENTICATE: 5,
  GOODBYE: 6,
  ERROR: 8,
  PUBLISH: 16,
  PUBLISHED: 17,
  SUBSCRIBE: 32,
  SUBSCRIBED: 33,
  UNSUBSCRIBE: 34,
  UNSUBSCRIBED: 35,
  EVENT: 36,
  CALL: 48,
  RESULT: 50,
  REGISTER: 64,
  REGISTERED: 65,
  UNREGISTER: 66,
  UNREGISTERED: 67,
  INVOCATION: 68,
  YIELD: 70,
} as const;

interface Codec {
  binary: boolean;
  decode(data: Buffer): Message[];
  encode(batch: Message[]): Promise<Buffer | string>;
}

function codecFor(protocol: string): Codec {
  const [, , format, batched] = protocol.split('.');
  if (format === 'json') {
    return batched
      ? {
          binary: false,
          decode: (data) => data.toString('utf8').split('\x18').slice(0, -1).map(parseMessage),
          encode: async (batch) => batch.map((message) => JSON.stringify(message) + '\x18').join(''),
        }
      : { binary: false, decode: (data) => [parseMessage(data.toString('utf8'))], encode: async ([message]) => JSON.stringify(message) };
  }
  const serializer = format === 'cbor' ? new autobahn.serializer.CBORSerializer() : new autobahn.serializer.MsgpackSerializer();
  const encodeOne = async (message: Message) => Buffer.from((await serializer.serialize(message)) as Uint8Array);
  if (!batched) return { binary: true, decode: (data) => [serializer.unserialize(data) as Message], encode: ([message]) => encodeOne(message!) };
  return {
    binary: true,
    decode: (data) => {
      const messages: Message[] = [];
      for (let at = 0; at < data.length;) {
        const length = data.readUInt32BE(at);
        messages.push(serializer.unserialize(data.subarray(at + 4, at + 4 + length)) as Message);
        at += 4 + length;
      }
      return messages;
    },
    encode: async (batch) => Buffer.concat((await Promise.all(batch.map(encodeOne))).flatMap((part) => [lengthPrefix(part.length), part])),
  };
}

function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(length);
  return prefix;
}

function parseMessage(text: string): Message {
  return JSON.parse(text) as Message;
}

export interface WampRouter {
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  close(): Promise<void>;
}

export async function startWampRouter(): Promise<WampRouter> {
  const realm = new Realm();
  const running = await listenWebSocket({
    path: '',
    chooseProtocol: (offered) => WAMP_SUBPROTOCOLS.find((name) => offered.has(name)) ?? false,
    onSocket: (socket) => realm.attach(socket),
  });
  return { wsUrl: running.url, close: running.close };
}

/** Ids in the global and router scopes are random over [1, 2^53] in a real router; seeded here so runs repeat. */
function idGenerator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state * 4194304 + (state % 4194304) + 1;
  };
}

class Realm {
  readonly nextId = idGenerator(14);
  readonly subscriptions = new Map<string, { id: number; sessions: Set<RouterSession> }>();
  readonly registrations = new Map<string, { id: number; callee: RouterSession }>();
  /** Outstanding INVOCATION request id → the caller and its CALL request id. */
  readonly invocations = new Map<number, { caller: RouterSession; request: number }>();
  readonly sessions = new Set<RouterSession>();

  attach(socket: WebSocket): void {
    const session = new RouterSession(socket, codecFor(socket.protocol), this);
    this.sessions.add(session);
    socket.on('message', (data: Buffer) => {
      for (const message of session.codec.decode(data)) session.handle(message);
      for (const each of this.sessions) each.flush();
    });
    socket.on('close', () => this.detach(session));
  }

  detach(session: RouterSession): void {
    this.sessions.delete(session);
    for (const subscription of this.subscriptions.values()) subscription.sessions.delete(session);
    for (const [procedure, registration] of this.registrations) if (registration.callee === session) this.registrations.delete(procedure);
  }
}

class RouterSession {
  private id = 0;
  private joined = false;
  private pendingHello: { authid: string } | undefined;
  private readonly outbox: Message[] = [];
  private writing = Promise.resolve();

  constructor(
    private readonly socket: WebSocket,
    readonly codec: Codec,
    private readonly realm: Realm,
  ) {}

  /** Queues a message; it leaves at the next flush, with the others of its batch when the serializer batches. */
  send(message: Message): void {
    this.outbox.push(message);
  }

  flush(): void {
    const batched = this.socket.protocol.endsWith('.batched');
    const batches = batched && this.outbox.length > 0 ? [this.outbox.splice(0)] : this.outbox.splice(0).map((message) => [message]);
    for (const batch of batches) {
      // CBOR encodes asynchronously: a chain keeps the messages in order.
      this.writing = this.writing.then(async () => {
        const data = await this.codec.encode(batch);
        if (this.socket.readyState === this.socket.OPEN) this.socket.send(data, { binary: this.codec.binary });
      });
    }
  }

  private closeAfterFlush(): void {
    this.flush();
    void this.writing.then(() => this.socket.close(1000));
  }

  handle(message: Message): void {
    const [type] = message;
    if (!this.joined) return this.establish(message);
    switch (type) {
      case M.GOODBYE:
        this.send([M.GOODBYE, {}, 'wamp.close.goodbye_and_out']);
        return this.closeAfterFlush();
      case M.SUBSCRIBE:
        return this.subscribe(message[1] as number, message[3] as string);
      case M.UNSUBSCRIBE:
        return this.unsubscribe(message[1] as number, message[2] as number);
      case M.PUBLISH:
        return this.publish(message);
      case M.REGISTER:
        return this.register(message[1] as number, message[3] as string);
      case M.UNREGISTER:
        return this.unregister(message[1] as number, message[2] as number);
      case M.CALL:
        return this.call(message);
      case M.YIELD:
      case M.ERROR:
        return this.answerInvocation(message);
    }
  }

  private establish(message: Message): void {
    const [type, realmOrSignature, details] = message as [number, string, { authmethods?: string[]; authid?: string }];
    if (type === M.HELLO) {
      if (realmOrSignature !== WAMP_REALM) return this.abort('wamp.error.no_such_realm', `no realm '${realmOrSignature}'`);
      if (details.authmethods?.includes('ticket')) {
        this.pendingHello = { authid: details.authid ?? '' };
        return this.send([M.CHALLENGE, 'ticket', {}]);
      }
      return this.welcome('anonymous', 'anonymous');
    }
    if (type === M.AUTHENTICATE && this.pendingHello) {
      if (realmOrSignature !== WAMP_TICKET) return this.abort('wamp.error.not_authorized', 'wrong ticket');
      return this.welcome(this.pendingHello.authid, 'ticket');
    }
    this.abort('wamp.error.protocol_violation', `message type ${type} before the session was established`);
  }

  private welcome(authid: string, authmethod: string): void {
    this.id = this.realm.nextId();
    this.joined = true;
    const roles = { broker: { features: { publisher_exclusion: true } }, dealer: { features: { caller_identification: false } } };
    this.send([M.WELCOME, this.id, { roles, authid, authrole: authmethod === 'ticket' ? 'user' : 'anonymous', authmethod, realm: WAMP_REALM }]);
  }

  private abort(reason: string, text: string): void {
    this.send([M.ABORT, { message: text }, reason]);
    this.closeAfterFlush();
  }

  private subscribe(request: number, topic: string): void {
    let subscription = this.realm.subscriptions.get(topic);
    if (!subscription) this.realm.subscriptions.set(topic, (subscription = { id: this.realm.nextId(), sessions: new Set() }));
    subscription.sessions.add(this);
    this.send([M.SUBSCRIBED, request, subscription.id]);
  }

  private unsubscribe(request: number, id: number): void {
    const subscription = [...this.realm.subscriptions.values()].find((each) => each.id === id && each.sessions.has(this));
    if (!subscription) return this.send([M.ERROR, M.UNSUBSCRIBE, request, {}, 'wamp.error.no_such_subscription']);
    subscription.sessions.delete(this);
    this.send([M.UNSUBSCRIBED, request]);
  }

  private publish([, request, options, topic, args, kwargs]: Message): void {
    const { acknowledge, exclude_me: excludeMe } = options as { acknowledge?: boolean; exclude_me?: boolean };
    const publication = this.realm.nextId();
    const subscription = this.realm.subscriptions.get(topic as string);
    for (const subscriber of subscription?.sessions ?? []) {
      if (subscriber === this && excludeMe !== false) continue;
      subscriber.send([M.EVENT, subscription!.id, publication, {}, ...payload(args, kwargs)]);
    }
    if (acknowledge) this.send([M.PUBLISHED, request, publication]);
  }

  private register(request: number, procedure: string): void {
    if (this.realm.registrations.has(procedure)) return this.send([M.ERROR, M.REGISTER, request, {}, 'wamp.error.procedure_already_exists']);
    const id = this.realm.nextId();
    this.realm.registrations.set(procedure, { id, callee: this });
    this.send([M.REGISTERED, request, id]);
  }

  private unregister(request: number, id: number): void {
    const entry = [...this.realm.registrations].find(([, registration]) => registration.id === id && registration.callee === this);
    if (!entry) return this.send([M.ERROR, M.UNREGISTER, request, {}, 'wamp.error.no_such_registration']);
    this.realm.registrations.delete(entry[0]);
    this.send([M.UNREGISTERED, request]);
  }

  private call([, request, , procedure, args, kwargs]: Message): void {
    const registration = this.realm.registrations.get(procedure as string);
    if (!registration) return this.send([M.ERROR, M.CALL, request, {}, 'wamp.error.no_such_procedure', [`no callee registered for '${String(procedure)}'`]]);
    const invocation = this.realm.nextId();
    this.realm.invocations.set(invocation, { caller: this, request: request as number });
    registration.callee.send([M.INVOCATION, invocation, registration.id, {}, ...payload(args, kwargs)]);
  }

  private answerInvocation(message: Message): void {
    const isError = message[0] === M.ERROR;
    const invocation = (isError ? message[2] : message[1]) as number;
    const pending = this.realm.invocations.get(invocation);
    if (!pending) return;
    this.realm.invocations.delete(invocation);
    if (isError) {
      const [, , , details, error, args, kwargs] = message;
      return pending.caller.send([M.ERROR, M.CALL, pending.request, details, error, ...payload(args, kwargs)]);
    }
    const [, , , args, kwargs] = message;
    pending.caller.send([M.RESULT, pending.request, {}, ...payload(args, kwargs)]);
  }
}

/** Arguments and keyword arguments as a message ends with them: omitted when empty, as the spec asks. */
function payload(args: unknown, kwargs: unknown): unknown[] {
  const hasKwargs = kwargs !== undefined && Object.keys(kwargs as object).length > 0;
  if (hasKwargs) return [args ?? [], kwargs];
  return Array.isArray(args) && args.length > 0 ? [args] : [];
}
