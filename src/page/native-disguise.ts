// Makes our replacements of built-in functions read like the originals: Function.prototype.toString
// of a Proxy prints "function () { [native code] }" without the name, which pages (and bot detectors)
// notice. toString itself is wrapped once to print the original's text for each disguised function.
// Errors the native function throws through a trap get their stack re-captured without the trap's
// frame, which would otherwise name our script in every error report the page collects.
import {
  NativeError,
  NativeProxy,
  NativeWeakMap,
  apply,
  defineProperty,
  getOwnPropertyDescriptor,
  setPrototypeOf,
  stringIncludes,
  stringIndexOf,
  stringSlice,
  uncurryThis,
  weakMapGet,
  weakMapSet,
} from '../worlds/pristine';

const nativeFunctionToString = Function.prototype.toString;
const captureStackTrace = (Error as { captureStackTrace?: (target: object, omitAbove?: (...args: never[]) => unknown) => void }).captureStackTrace;
/** Where this script's frames point in a stack trace (its URL), found once from a stack of our own. */
const ownScriptMarker: string | null = (() => {
  // Runs at document_start, before page scripts: live split/match and stackTraceLimit are still the
  // built-ins' and the default. One frame is enough, and formatting each frame reparses its function
  // for source positions: the bundle's and a worker bootstrap's enclosing functions and top level,
  // the whole hook three times over, cost a hooked worker several milliseconds at start.
  const errorClass = NativeError as { stackTraceLimit?: unknown };
  const limit = errorClass.stackTraceLimit;
  // Only where it is V8's own (a number): elsewhere setting it would add a property the page could see.
  const limited = typeof limit === 'number';
  try {
    if (limited) errorClass.stackTraceLimit = 1;
    const error = new NativeError();
    if (limited) errorClass.stackTraceLimit = limit;
    const frames = (error.stack ?? '').split('\n');
    // V8: "    at fn (URL:line:col)" or "    at URL:line:col"; SpiderMonkey: "fn@URL:line:col".
    for (const frame of frames) {
      const match = frame.match(/(?:\(|at |@)([^()@\s][^()@]*?):\d+:\d+\)?$/);
      if (match) return match[1]!;
    }
  } catch {
    // No stack support: nothing to hide.
  }
  if (limited) errorClass.stackTraceLimit = limit;
  return null;
})();
const originalSource = new NativeWeakMap<object, string>();
let toStringWrapped = false;

/** Proxy traps with no prototype, so a page's Object.prototype.get (say) never becomes a trap. */
export function traps<T extends object>(handler: T): T {
  return setPrototypeOf(handler, null) as T;
}

/**
 * A Proxy of `original` that reads as `original` in toString; `name` and `length` forward anyway.
 * `runsPageScripts`: errors pass through the traps untouched (a native error's stack then starts at the trap).
 */
export function disguisedProxy<T extends object>(original: T, handler: ProxyHandler<T>, { runsPageScripts = false } = {}): T {
  wrapToStringOnce();
  const { apply: applyTrap, construct: constructTrap } = handler;
  // A caught and rethrown error is reported from where it was rethrown (V8): where the native code runs
  // the page's scripts (importScripts), their errors must pass uncaught to keep their file and line.
  if (applyTrap && !runsPageScripts) handler.apply = withoutOwnFrames(applyTrap);
  if (constructTrap && !runsPageScripts) handler.construct = withoutOwnFrames(constructTrap);
  const proxy = new NativeProxy(original, traps(handler));
  // A Proxy of a disguised Proxy (a worker wraps the hook's WebSocket again) reads as the native original.
  weakMapSet(originalSource, proxy, weakMapGet(originalSource, original) ?? apply(nativeFunctionToString, original, []));
  return proxy;
}

/** True when `error` was thrown right where our trap called into native code. */
function thrownFromOwnFrame(error: object): boolean {
  const stack = (error as { stack?: unknown }).stack;
  if (typeof stack !== 'string' || ownScriptMarker === null) return false;
  // The first frame line: V8 puts a header line first and indents "at"; SpiderMonkey has no header.
  const v8Frame = stringIndexOf(stack, '\n    at ');
  const start = v8Frame >= 0 ? v8Frame + 1 : 0;
  const end = stringIndexOf(stack, '\n', start);
  return stringIncludes(stringSlice(stack, start, end < 0 ? stack.length : end), ownScriptMarker);
}

/**
 * `trap`, except that a native error thrown through it has a stack starting at its caller, as a
 * native throw would. Errors from page code the trap called (a toString, say) keep their stacks.
 */
function withoutOwnFrames<Trap extends (...args: never[]) => unknown>(trap: Trap): Trap {
  if (!captureStackTrace) return trap;
  const capture = captureStackTrace;
  // A Proxy calls its apply and construct traps with exactly three arguments: passing them on as they
  // are makes no argument array per call, and send() runs through here for every message.
  const callTrap = uncurryThis(trap as unknown as (this: unknown, a: unknown, b: unknown, c: unknown) => ReturnType<Trap>);
  const wrapped = function (this: unknown, a: unknown, b: unknown, c: unknown): ReturnType<Trap> {
    try {
      return callTrap(this, a, b, c);
    } catch (error) {
      if (typeof error === 'object' && error !== null) {
        try {
          // Only where errors carry an own `stack` (V8): elsewhere (SpiderMonkey) re-capturing would
          // add an own property that native errors lack, itself a tell.
          if (getOwnPropertyDescriptor(error, 'stack') && thrownFromOwnFrame(error)) capture(error, wrapped);
        } catch {
          // A frozen error keeps its stack.
        }
      }
      throw error;
    }
  };
  return wrapped as unknown as Trap;
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
