// Replaces window.WebSocket with a Proxy of the native class so that pages keep genuine native sockets
// (instanceof, statics, prototype, binaryType, bufferedAmount, errors all native) while every socket is
// recorded. Received traffic is observed by our own listeners, added at construction before any page
// listener, so page listeners and onmessage each still run exactly once. send() and close() are
// wrapped on the prototype to record sends and who started closing.
import type { HookEvent } from '../shared/messages';
import type { MessageOrigin } from '../shared/models';
import { Connection } from './connection';
import { isBinaryMessage, recordMessage } from './message-capture';
import { disguisedProxy, replaceValue } from './native-disguise';
import { gate } from './intercept/gate';
import {
  NativeMap,
  NativeString,
  NativeWeakMap,
  NativeWeakSet,
  addEventListener,
  apply,
  construct,
  dispatchEvent,
  isArray,
  mapDelete,
  mapGet,
  mapSet,
  newList,
  now,
  randomUUID,
  uncurryGetter,
  weakMapGet,
  weakMapSet,
  weakSetAdd,
  weakSetDelete,
  weakSetHas,
} from '../worlds/pristine';

const NativeWebSocket = WebSocket;
const socketPrototype = NativeWebSocket.prototype;
const nativeSend = socketPrototype.send;
const nativeClose = socketPrototype.close;
const readyStateOf = uncurryGetter<number>(socketPrototype, 'readyState');
const urlOf = uncurryGetter<string>(socketPrototype, 'url');
const protocolOf = uncurryGetter<string>(socketPrototype, 'protocol');
const extensionsOf = uncurryGetter<string>(socketPrototype, 'extensions');
export const binaryTypeOf = uncurryGetter<BinaryType>(socketPrototype, 'binaryType');
const messageDataOf = uncurryGetter<unknown>(MessageEvent.prototype, 'data');
const closeCodeOf = uncurryGetter<number>(CloseEvent.prototype, 'code');
const closeReasonOf = uncurryGetter<string>(CloseEvent.prototype, 'reason');
const closeWasCleanOf = uncurryGetter<boolean>(CloseEvent.prototype, 'wasClean');

/** Closed connections remembered for commands ("Socket is closed (code N)"); older ones are forgotten. */
const REMEMBERED_CLOSED_CONNECTIONS = 1000;

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSING = 2;

export interface SocketHook {
  find(id: string): Connection | undefined;
  /** Opens a socket from the page context on behalf of a `connect` command; throws what the constructor throws. */
  connect(url: string, protocols: string[]): Connection;
  /** Sends on an OPEN socket outside the page's own send(), recorded with origin 'replayed'. */
  sendReplayed(connection: Connection, data: string | ArrayBuffer): void;
  /** Delivers `event` to the page's listeners as if the server had sent it, recorded as 'injected'. */
  dispatchInjected(connection: Connection, event: MessageEvent): void;
  readyState(connection: Connection): number;
}

export function installSocketHook(emit: (event: HookEvent) => void): SocketHook {
  const connectionsBySocket = new NativeWeakMap<object, Connection>();
  const connectionsById = new NativeMap<string, Connection>();
  const injectedEvents = new NativeWeakSet<Event>();
  /** Injected events being dispatched now (dispatchInjected may nest): only then can an event be in injectedEvents. */
  let injecting = 0;
  // A page that reconnects forever must not grow the map forever: a ring of the latest closed ids.
  const closedRing = newList<string>();
  let closedCount = 0;
  const forgetOldClosed = (id: string): void => {
    const slot = closedCount++ % REMEMBERED_CLOSED_CONNECTIONS;
    const evicted = closedRing[slot];
    if (evicted !== undefined) mapDelete(connectionsById, evicted);
    closedRing[slot] = id;
  };

  const track = (socket: WebSocket, protocols: unknown, origin: MessageOrigin): Connection => {
    const connection = new Connection(randomUUID(), urlOf(socket), socket, emit);
    weakMapSet(connectionsBySocket, socket, connection);
    mapSet(connectionsById, connection.id, connection);
    connection.push({
      t: 'created',
      conn: connection.id,
      url: connection.url,
      protocols: requestedProtocols(protocols),
      time: now(),
      origin,
    });
    observe(socket, connection);
    return connection;
  };

  const observe = (socket: WebSocket, connection: Connection): void => {
    const id = connection.id;
    // Capture phase: at the target, capturing listeners run before bubbling ones, so a page's capturing
    // listener still comes after ours, and intercept can hold an event before any page code sees it.
    addEventListener(
      socket,
      'open',
      (event) =>
        guard(() => {
          if (gate.active && gate.lifecycle(connection, socket, event)) return;
          connection.opened = true;
          connection.push({ t: 'open', conn: id, protocol: protocolOf(socket), extensions: extensionsOf(socket), time: now() });
        }),
      true,
    );
    // Runs for every received message: no closure per event, and the injected set is looked up only
    // while an injected event is being dispatched (docs/PERFORMANCE.md, "Leaner per-message path").
    addEventListener(
      socket,
      'message',
      (event) => {
        try {
          const injected = injecting > 0 && weakSetHas(injectedEvents, event);
          if (gate.active && !injected && gate.receive(connection, socket, event)) return;
          recordMessage(connection, 'receive', messageDataOf(event), injected ? 'injected' : 'page');
        } catch {
          // Capture is best effort; the page keeps working.
        }
      },
      true,
    );
    addEventListener(
      socket,
      'error',
      (event) =>
        guard(() => {
          if (gate.active && gate.lifecycle(connection, socket, event)) return;
          const text = connection.opened ? 'WebSocket error' : 'WebSocket connection failed';
          connection.push({ t: 'error', conn: id, time: now(), text });
        }),
      true,
    );
    addEventListener(
      socket,
      'close',
      (event) =>
        guard(() => {
          if (gate.active && gate.lifecycle(connection, socket, event)) return;
          const close = {
            code: closeCodeOf(event),
            reason: closeReasonOf(event),
            wasClean: closeWasCleanOf(event),
            initiator: connection.closeRequestedByPage ? ('client' as const) : ('server' as const),
          };
          connection.closeInfo = close;
          connection.socket = null;
          connection.push({ t: 'close', conn: id, time: now(), close });
          forgetOldClosed(id);
        }),
      true,
    );
  };

  const SocketProxy: typeof WebSocket = disguisedProxy(NativeWebSocket, {
    construct(target, args, newTarget) {
      // Subclasses (class X extends WebSocket) arrive with their own newTarget and keep their prototype.
      const socket = construct(target, args, newTarget === SocketProxy ? target : newTarget) as WebSocket;
      guard(() => {
        const connection = track(socket, args[1], 'page');
        if (gate.active) gate.created(connection, socket);
      });
      return socket;
    },
  });

  const sendProxy = disguisedProxy(nativeSend, {
    apply(target, self, args: unknown[]) {
      const connection = typeof self === 'object' && self !== null ? weakMapGet(connectionsBySocket, self) : undefined;
      if (!connection || args.length === 0) return apply(target, self, args);
      let data = args[0];
      if (typeof data !== 'string' && typeof data !== 'symbol' && !isBinaryMessage(data)) {
        // Convert once here, as WebIDL would, so a page's toString runs once and we record its result.
        data = NativeString(data);
        args[0] = data;
      }
      if (gate.active && gate.send(connection, self as WebSocket, data)) return undefined;
      // Only a send on an OPEN socket reaches the server; CONNECTING throws, CLOSING/CLOSED discard.
      const wasOpen = readyStateOf(self) === OPEN;
      const result = apply(target, self, args);
      if (wasOpen) {
        try {
          recordMessage(connection, 'send', data, 'page');
        } catch {
          // Capture is best effort; the page's send has been made.
        }
      }
      return result;
    },
  });

  const closeProxy = disguisedProxy(nativeClose, {
    apply(target, self, args: unknown[]) {
      const connection = typeof self === 'object' && self !== null ? weakMapGet(connectionsBySocket, self) : undefined;
      if (!connection) return apply(target, self, args);
      if (gate.active && gate.close(connection, self as WebSocket, args)) return undefined;
      const state = readyStateOf(self);
      const result = apply(target, self, args); // throws unchanged for a bad code or reason
      if (state === CONNECTING || state === OPEN) connection.closeRequestedByPage = true;
      return result;
    },
  });

  replaceValue(socketPrototype, 'send', sendProxy);
  replaceValue(socketPrototype, 'close', closeProxy);
  replaceValue(socketPrototype, 'constructor', SocketProxy);
  replaceValue(globalThis, 'WebSocket', SocketProxy);

  return {
    find: (id) => mapGet(connectionsById, id),
    connect(url, protocols) {
      const socket = construct(NativeWebSocket, [url, protocols]) as WebSocket;
      return track(socket, protocols, 'replayed');
    },
    sendReplayed(connection, data) {
      const socket = connection.socket!;
      apply(nativeSend, socket, [data]);
      recordMessage(connection, 'send', data, 'replayed');
    },
    dispatchInjected(connection, event) {
      weakSetAdd(injectedEvents, event);
      injecting++;
      try {
        dispatchEvent(connection.socket!, event);
      } finally {
        injecting--;
        weakSetDelete(injectedEvents, event);
      }
    },
    readyState: (connection) => (connection.socket ? readyStateOf(connection.socket) : 3),
  };
}

/** The protocols as the constructor took them, read without re-running a page's iterator where possible. */
function requestedProtocols(protocols: unknown): string[] {
  const list = newList<string>();
  if (protocols === undefined) {
    // No protocols requested: an empty list.
  } else if (typeof protocols === 'string') {
    list[0] = protocols;
  } else if (isArray(protocols)) {
    for (let index = 0; index < protocols.length; index++) list[index] = NativeString(protocols[index]);
  } else if (typeof protocols === 'object' && protocols !== null && Symbol.iterator in protocols) {
    // Another iterable (a Set, say): the constructor already iterated it without throwing.
    const values = Array.from(protocols as Iterable<unknown>);
    for (let index = 0; index < values.length; index++) list[index] = NativeString(values[index]);
  } else {
    list[0] = NativeString(protocols);
  }
  return list as string[]; // a prototype-less array, still a JSON array; nothing calls its methods
}

/** Recording must never throw into the page. */
function guard(record: () => void): void {
  try {
    record();
  } catch {
    // Capture is best effort; the page keeps working.
  }
}
