// Makes our replacements of built-in functions read like the originals: Function.prototype.toString
// of a Proxy prints "function () { [native code] }" without the name, which pages (and bot detectors)
// notice. toString itself is wrapped once to print the original's text for each disguised function.
import { NativeProxy, NativeWeakMap, apply, defineProperty, getOwnPropertyDescriptor, setPrototypeOf, weakMapGet, weakMapSet } from './pristine';

const nativeFunctionToString = Function.prototype.toString;
const originalSource = new NativeWeakMap<object, string>();
let toStringWrapped = false;

/** Proxy traps with no prototype, so a page's Object.prototype.get (say) never becomes a trap. */
export function traps<T extends object>(handler: T): T {
  return setPrototypeOf(handler, null) as T;
}

/** A Proxy of `original` that reads as `original` in toString; `name` and `length` forward anyway. */
export function disguisedProxy<T extends object>(original: T, handler: ProxyHandler<T>): T {
  wrapToStringOnce();
  const proxy = new NativeProxy(original, traps(handler));
  weakMapSet(originalSource, proxy, apply(nativeFunctionToString, original, []));
  return proxy;
}

/** Replaces a data property's value, keeping its enumerable/writable/configurable attributes. */
export function replaceValue(target: object, name: PropertyKey, value: unknown): void {
  const descriptor = getOwnPropertyDescriptor(target, name);
  if (!descriptor) return;
  defineProperty(target, name, traps({ value, writable: descriptor.writable, enumerable: descriptor.enumerable, configurable: descriptor.configurable }));
}

function wrapToStringOnce(): void {
  if (toStringWrapped) return;
  toStringWrapped = true;
  const wrapped = new NativeProxy(
    nativeFunctionToString,
    traps({
      apply(target: typeof nativeFunctionToString, self: unknown, args: unknown[]) {
        const source = typeof self === 'function' ? weakMapGet(originalSource, self) : undefined;
        return source ?? apply(target, self, args);
      },
    }),
  );
  weakMapSet(originalSource, wrapped, apply(nativeFunctionToString, nativeFunctionToString, []));
  replaceValue(Function.prototype, 'toString', wrapped);
}
