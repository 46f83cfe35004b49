// Whole-socket mocks: a page socket whose URL a `serve` rule names opens with no server. The socket
// stays the page's genuine native WebSocket (instanceof, prototype, binaryType, handlers, events all
// native): its own connection attempt is abandoned at once (native close() while connecting) and
// its network events are stopped before any page listener, while readyState, protocol and extensions
// read the mock's state through wrappers installed on the prototype's getters the first time a mock
// exists (so pages that never meet a mock never run them). Open, replies and close are dispatched by
// the hook as events the page receives like any other (isTrusted is false).
import { NativeWeakMap, apply, defineProperty, getOwnPropertyDescriptor, uncurryGetter, weakMapGet, weakMapSet } from '../../worlds/pristine';
import { disguisedProxy, traps } from '../native-disguise';

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSING = 2;
export const CLOSED = 3;

export interface MockState {
  readyState: number;
  protocol: string;
  /** The serve rule's name, for marks. */
  by: string;
}

const socketPrototype = WebSocket.prototype;
const nativeClose = socketPrototype.close;
const nativeReadyState = uncurryGetter<number>(socketPrototype, 'readyState');
const mocks = new NativeWeakMap<object, MockState>();
let gettersWrapped = false;

export function mockOf(socket: object): MockState | undefined {
  return weakMapGet(mocks, socket);
}

/**
 * Turns a just-made socket into a mock; false when it is past connecting (it reached a server first),
 * unless `eventsHeld`: it failed to connect but the page has seen none of that yet.
 */
export function makeMock(socket: WebSocket, state: MockState, eventsHeld: boolean): boolean {
  const native = nativeReadyState(socket);
  if (native !== CONNECTING && !(eventsHeld && native === CLOSED)) return false;
  wrapGettersOnce();
  weakMapSet(mocks, socket, state);
  try {
    apply(nativeClose, socket, []);
  } catch {
    // Already closing: its events are stopped all the same.
  }
  return true;
}

/** The socket's getters read a mock's state for mocks, the native state for every other socket. */
function wrapGettersOnce(): void {
  if (gettersWrapped) return;
  gettersWrapped = true;
  wrapGetter('readyState', (mock) => mock.readyState);
  wrapGetter('protocol', (mock) => mock.protocol);
  wrapGetter('extensions', () => '');
  wrapGetter('bufferedAmount', () => 0);
}

function wrapGetter(name: string, read: (mock: MockState) => unknown): void {
  const descriptor = getOwnPropertyDescriptor(socketPrototype, name);
  const getter = descriptor?.get;
  if (!descriptor || !getter) return;
  const wrapped = disguisedProxy(getter, {
    apply(target, self, args: unknown[]) {
      const mock = typeof self === 'object' && self !== null ? weakMapGet(mocks, self) : undefined;
      return mock ? read(mock) : apply(target, self, args);
    },
  });
  defineProperty(socketPrototype, name, traps({ get: wrapped, set: descriptor.set, enumerable: descriptor.enumerable, configurable: descriptor.configurable }));
}
