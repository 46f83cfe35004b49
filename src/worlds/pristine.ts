// JavaScript built-ins captured when the hook starts (document_start, before any page script runs).
// The hook shares its realm with the page, which may later overwrite or poison any global or prototype;
// every call the hook makes goes through these references instead of the live ones. The content relay
// imports a few as well (its own copy, in its own world), which is why this lives in src/worlds/.
// Other DOM built-ins are captured the same way, at the top of the module that uses them.

export const { apply, construct, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, ownKeys } = Reflect;
export const { freeze, setPrototypeOf, keys: objectKeys, prototype: ObjectPrototype } = Object;
export const { isArray } = Array;
export const { isView } = ArrayBuffer;
export const { fromCharCode } = String;
export const { floor, min } = Math;
export const NativeProxy = Proxy;
export const NativeMap = Map;
export const NativeWeakMap = WeakMap;
export const NativeWeakSet = WeakSet;
export const NativeUint8Array = Uint8Array;
export const NativeString = String;
export const NativeError = Error;
export const NativeBlob = Blob;
export const jsonStringify = JSON.stringify;
export const jsonParse = JSON.parse;
export const nativeBtoa = globalThis.btoa;
export const nativeAtob = globalThis.atob;

const { bind, call } = Function.prototype;

/**
 * Turns a prototype method into a plain function taking `this` first: `uncurryThis(Map.prototype.get)(map, key)`.
 * It is the captured `call` bound to `method`: a page patching Function.prototype.call later changes
 * nothing, and, unlike rest parameters and Reflect.apply, no argument array is made per call (the hook
 * makes several such calls per message).
 */
export function uncurryThis<This, Args extends unknown[], Result>(method: (this: This, ...args: Args) => Result): (self: This, ...args: Args) => Result {
  return apply(bind, call, [method]) as (self: This, ...args: Args) => Result;
}

/** The getter of an accessor property as a plain function (e.g. a prototype's `byteLength`). */
export function uncurryGetter<T>(target: object, name: PropertyKey): (self: unknown) => T {
  const getter = getOwnPropertyDescriptor(target, name)?.get;
  if (!getter) throw new NativeError(`no getter ${String(name)}`);
  return apply(bind, call, [getter]) as (self: unknown) => T;
}

export const mapGet = uncurryThis(Map.prototype.get) as <K, V>(map: Map<K, V>, key: K) => V | undefined;
export const mapSet = uncurryThis(Map.prototype.set) as <K, V>(map: Map<K, V>, key: K, value: V) => Map<K, V>;
export const mapDelete = uncurryThis(Map.prototype.delete) as <K, V>(map: Map<K, V>, key: K) => boolean;
export const weakMapGet = uncurryThis(WeakMap.prototype.get) as <K extends object, V>(map: WeakMap<K, V>, key: K) => V | undefined;
export const weakMapSet = uncurryThis(WeakMap.prototype.set) as <K extends object, V>(map: WeakMap<K, V>, key: K, value: V) => WeakMap<K, V>;
export const weakSetHas = uncurryThis(WeakSet.prototype.has) as <T extends object>(set: WeakSet<T>, value: T) => boolean;
export const weakSetAdd = uncurryThis(WeakSet.prototype.add) as <T extends object>(set: WeakSet<T>, value: T) => WeakSet<T>;
export const weakSetDelete = uncurryThis(WeakSet.prototype.delete) as <T extends object>(set: WeakSet<T>, value: T) => boolean;
export const blobSlice = uncurryThis(Blob.prototype.slice) as (blob: Blob, start: number, end: number) => Blob;
export const stringSlice = uncurryThis(String.prototype.slice);
/** The built-in exec, not `test`: RegExp.prototype.test looks `exec` up on the (patchable) prototype. */
export const regExpExec = uncurryThis(RegExp.prototype.exec) as (pattern: RegExp, text: string) => RegExpExecArray | null;
export const stringCharCodeAt = uncurryThis(String.prototype.charCodeAt);
export const stringIncludes = uncurryThis(String.prototype.includes) as (text: string, search: string) => boolean;
export const stringIndexOf = uncurryThis(String.prototype.indexOf) as (text: string, search: string, from?: number) => number;
export const stringIsWellFormed: ((text: string) => boolean) | undefined = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed
  ? uncurryThis((String.prototype as unknown as { isWellFormed: (this: string) => boolean }).isWellFormed)
  : undefined;
export const stringToWellFormed: ((text: string) => string) | undefined = (String.prototype as { toWellFormed?: () => string }).toWellFormed
  ? uncurryThis((String.prototype as unknown as { toWellFormed: (this: string) => string }).toWellFormed)
  : undefined;

/** An array without methods: index it, read `length`, append with `list[list.length] = x`. */
export interface List<T> {
  [index: number]: T;
  length: number;
}

/** EventTarget methods, for listening and dispatching on window, sockets and readers. */
export const addEventListener = uncurryThis(EventTarget.prototype.addEventListener) as (
  target: EventTarget,
  type: string,
  listener: (event: Event) => void,
  capture?: boolean,
) => void;
export const removeEventListener = uncurryThis(EventTarget.prototype.removeEventListener) as typeof addEventListener;
export const dispatchEvent = uncurryThis(EventTarget.prototype.dispatchEvent) as (target: EventTarget, event: Event) => boolean;

/**
 * An array the page cannot interfere with: no prototype, so index writes never reach a setter a page
 * put on Array.prototype, and no methods a page could replace. Still an array to JSON.stringify.
 */
export function newList<T>(): List<T> {
  return setPrototypeOf([], null) as List<T>;
}

/** Wall-clock milliseconds with sub-millisecond precision, immune to a page replacing Date or performance. */
export const now: () => number = (() => {
  const performanceNow = uncurryThis(Performance.prototype.now);
  const perf = globalThis.performance;
  const origin = perf.timeOrigin;
  return () => origin + performanceNow(perf);
})();

/**
 * A random UUID v4. crypto.randomUUID exists only in secure contexts, so plain-http pages get one built
 * from crypto.getRandomValues, which every context has.
 */
export const randomUUID: () => string = (() => {
  const cryptoObject = globalThis.crypto;
  const nativeRandomUUID = (Crypto.prototype as { randomUUID?: (this: Crypto) => string }).randomUUID;
  if (nativeRandomUUID && globalThis.isSecureContext !== false) return () => apply(nativeRandomUUID, cryptoObject, []);
  const getRandomValues = uncurryThis(Crypto.prototype.getRandomValues) as unknown as (self: Crypto, array: Uint8Array) => Uint8Array;
  const hex = newList<string>();
  for (let byte = 0; byte < 256; byte++) hex[byte] = (byte + 0x100).toString(16).slice(1);
  return () => {
    const bytes = getRandomValues(cryptoObject, new NativeUint8Array(16));
    bytes[6] = (bytes[6]! & 0x0f) | 0x40;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    let text = '';
    for (let index = 0; index < 16; index++) {
      if (index === 4 || index === 6 || index === 8 || index === 10) text += '-';
      text += hex[bytes[index]!]!;
    }
    return text;
  };
})();

/**
 * Whether the browser made `event` (not a script's dispatchEvent). `isTrusted` is an own, unforgeable
 * accessor of every event, so a page cannot redefine it; read through its own getter.
 */
export function isTrustedEvent(event: Event): boolean {
  const getter = getOwnPropertyDescriptor(event, 'isTrusted')?.get;
  return getter ? apply(getter, event, []) === true : false;
}
