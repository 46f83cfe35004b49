// Inside a hooked worker. The worker runs from a blob: bootstrap (bootstrap.ts), so its own URL, and the
// base every relative URL resolves against, is the blob's. The page's script expects its own: here
// `self.location` reads as the script's URL, and the APIs that take a URL resolve a relative one
// against the script's URL before the native code sees it. `import()` and `import.meta.url` need
// nothing: a module, or a classic script loaded with importScripts, resolves against its own URL.
import { disguisedProxy, replaceValue, traps } from '../native-disguise';
import { NativeString, apply, construct, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, setPrototypeOf } from '../../worlds/pristine';

const NativeURL = URL;
const urlHref = uncurriedGetter(URL.prototype, 'href');
const requestUrl = typeof Request === 'function' ? uncurriedGetter(Request.prototype, 'url') : null;

function uncurriedGetter(target: object, name: string): ((self: unknown) => unknown) | null {
  const getter = getOwnPropertyDescriptor(target, name)?.get;
  return getter ? (self: unknown) => apply(getter, self, []) : null;
}

/** True when `value` is an object of the class whose getter this is (a brand check that cannot be faked). */
function hasBrand(getter: ((self: unknown) => unknown) | null, value: unknown): boolean {
  if (!getter || typeof value !== 'object' || value === null) return false;
  try {
    getter(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * `value` as the native code would take it, with a relative URL made absolute against `base`. URL and
 * Request objects are absolute already; any other object is converted once here (the native code would
 * have called its toString once too), and what is no URL at all is left for the native code to refuse.
 */
export function absoluteUrlArgument(value: unknown, base: string): unknown {
  if (typeof value === 'symbol' || hasBrand(urlHref, value) || hasBrand(requestUrl, value)) return value;
  const text = typeof value === 'string' ? value : NativeString(value);
  try {
    return urlHref!(new NativeURL(text, base));
  } catch {
    return text;
  }
}

/** The object on `target`'s prototype chain that holds `name` itself (a worker scope's operations live on WorkerGlobalScope.prototype). */
function holderOf(target: object, name: string): object | null {
  for (let current: object | null = target; current !== null; current = getPrototypeOf(current) as object | null) {
    if (getOwnPropertyDescriptor(current, name)) return current;
  }
  return null;
}

/** Replaces `target[name]`, a function, with one that makes its URL arguments at `positions` absolute (every one when 'all'). */
function shimFunction(target: object, name: string, positions: number[] | 'all', base: string, runsPageScripts = false): void {
  const owner = holderOf(target, name);
  if (!owner) return;
  const original = getOwnPropertyDescriptor(owner, name)?.value as ((...args: unknown[]) => unknown) | undefined;
  if (typeof original !== 'function') return;
  const proxy = disguisedProxy(
    original,
    {
      apply(target, self, args: unknown[]) {
        rewrite(args, positions, base);
        return apply(target, self, args);
      },
    },
    { runsPageScripts },
  );
  replaceValue(owner, name, proxy);
}

/** Replaces the global constructor `name` (and its prototype's `constructor`) with one that makes its first argument absolute. */
export function shimConstructor(name: string, base: string): void {
  const original = getOwnPropertyDescriptor(globalThis, name)?.value as (new (...args: unknown[]) => object) | undefined;
  if (typeof original !== 'function') return;
  const proxy: typeof original = disguisedProxy(original, {
    construct(target, args: unknown[], newTarget) {
      rewrite(args, [0], base);
      return construct(target, args, newTarget === proxy ? target : newTarget) as object;
    },
  });
  replaceValue(original.prototype as object, 'constructor', proxy);
  replaceValue(globalThis, name, proxy);
}

function rewrite(args: unknown[], positions: number[] | 'all', base: string): void {
  if (positions === 'all') {
    for (let index = 0; index < args.length; index++) args[index] = absoluteUrlArgument(args[index], base);
    return;
  }
  for (let index = 0; index < positions.length; index++) {
    const position = positions[index]!;
    if (position < args.length) args[position] = absoluteUrlArgument(args[position], base);
  }
}

/** The URL-taking APIs of a worker scope, other than WebSocket, WebSocketStream and Worker (the hook resolves those itself). */
export function installRelativeUrlShims(base: string): void {
  shimFunction(globalThis, 'fetch', [0], base);
  shimFunction(globalThis, 'importScripts', 'all', base, true);
  if (typeof XMLHttpRequest === 'function') shimFunction(XMLHttpRequest.prototype, 'open', [1], base);
  if (typeof Response === 'function') shimFunction(Response, 'redirect', [0], base);
  shimConstructor('Request', base);
  shimConstructor('EventSource', base);
}

const LOCATION_PARTS = ['href', 'origin', 'protocol', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'] as const;

/**
 * `self.location` becomes a WorkerLocation (its prototype, getters and toString the real ones, wrapped)
 * that reads as `scriptUrl`; the real one, naming the blob, is never handed out.
 */
export function installLocationShim(scriptUrl: string): void {
  const scope = (globalThis as { WorkerGlobalScope?: { prototype: object } }).WorkerGlobalScope;
  const locationClass = (globalThis as { WorkerLocation?: { prototype: object } }).WorkerLocation;
  const locationGetter = scope && getOwnPropertyDescriptor(scope.prototype, 'location');
  if (!scope || !locationClass || !locationGetter?.get) return;
  const proto = locationClass.prototype;
  const parts = new NativeURL(scriptUrl) as unknown as Record<string, string>;
  const values = setPrototypeOf({}, null) as Record<string, string>;
  for (const part of LOCATION_PARTS) values[part] = parts[part]!;
  const shown = setPrototypeOf({}, proto) as object;

  for (const part of LOCATION_PARTS) {
    const descriptor = getOwnPropertyDescriptor(proto, part);
    if (!descriptor?.get) continue;
    const get = disguisedProxy(descriptor.get, {
      apply: (target, self, args) => (self === shown ? values[part] : apply(target, self, args)),
    });
    defineProperty(proto, part, traps({ get, set: descriptor.set, enumerable: descriptor.enumerable, configurable: descriptor.configurable }));
  }
  const toString = getOwnPropertyDescriptor(proto, 'toString')?.value as ((this: unknown) => string) | undefined;
  if (toString) {
    replaceValue(proto, 'toString', disguisedProxy(toString, { apply: (target, self, args) => (self === shown ? values.href : apply(target, self, args)) }));
  }
  const get = disguisedProxy(locationGetter.get, {
    apply: (target, self, args) => (self === globalThis ? shown : apply(target, self, args)),
  });
  defineProperty(
    scope.prototype,
    'location',
    traps({ get, set: locationGetter.set, enumerable: locationGetter.enumerable, configurable: locationGetter.configurable }),
  );
}
