// JSON for rules: parse a message into objects the page cannot reach into, read and change a field by
// a simple path, and write it back. In the page's realm a parsed object would inherit Object.prototype,
// whose getters and toJSON a page may have set to watch what we read or write; every object and array
// here has no prototype, so reads stop at own fields and JSON.stringify finds no toJSON.
import { RuleSyntaxError } from './errors';
import {
  NativeString,
  getOwnPropertyDescriptor,
  isArray,
  jsonParse,
  jsonStringify,
  newList,
  setPrototypeOf,
  stringCharCodeAt,
  stringSlice,
  type List,
} from '../worlds/pristine';

/** A path's steps: field names and array indexes. */
export type JsonPath = List<string | number>;

/** A parsed JSON value with prototype-less objects and arrays. */
export type JsonValue = unknown;

const NOT_JSON = { reason: 'not JSON' };

function withoutPrototype(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null) setPrototypeOf(value, null);
  return value;
}

/** The JSON value of `text`, or NOT_JSON_VALUE when it is not JSON. */
export function parseJson(text: string): JsonValue | typeof NOT_JSON {
  try {
    return jsonParse(text, withoutPrototype);
  } catch {
    return NOT_JSON;
  }
}

export const NOT_JSON_VALUE = NOT_JSON;

/** JSON text of a value from parseJson (no prototypes, so no toJSON can run). */
export function stringifyJson(value: JsonValue): string {
  return jsonStringify(value) ?? 'null';
}

function isNameStart(code: number): boolean {
  return code !== 0x2e && code !== 0x5b && code !== 0x5d;
}

/**
 * Parses `$.a.b[0]["c d"]`, `a.b[0]` or `a.b.0` (a number after a dot reads an array index or a field of
 * that name). Throws RuleSyntaxError for anything else.
 */
export function parseJsonPath(path: string): JsonPath {
  const steps = newList<string | number>();
  let at = 0;
  if (path.length > 0 && stringCharCodeAt(path, 0) === 0x24) at = 1; // $
  let needDot = at === 1;
  while (at < path.length) {
    const code = stringCharCodeAt(path, at);
    if (code === 0x5b) {
      const close = closingBracket(path, at);
      const inner = stringSlice(path, at + 1, close);
      const quote = inner.length > 0 ? stringCharCodeAt(inner, 0) : 0;
      if (quote === 0x22 || quote === 0x27) {
        if (inner.length < 2 || stringCharCodeAt(inner, inner.length - 1) !== quote) throw new RuleSyntaxError(`unclosed quote in path "${path}"`);
        steps[steps.length] = stringSlice(inner, 1, inner.length - 1);
      } else {
        const index = arrayIndex(inner);
        if (index < 0) throw new RuleSyntaxError(`"[${inner}]" in path "${path}" is neither an index nor a quoted name`);
        steps[steps.length] = index;
      }
      at = close + 1;
      needDot = true;
      continue;
    }
    if (needDot) {
      if (code !== 0x2e) throw new RuleSyntaxError(`expected "." or "[" at position ${at + 1} of path "${path}"`);
      at++;
    }
    let end = at;
    while (end < path.length && isNameStart(stringCharCodeAt(path, end))) end++;
    if (end === at) throw new RuleSyntaxError(`empty field name at position ${at + 1} of path "${path}"`);
    const name = stringSlice(path, at, end);
    const index = arrayIndex(name);
    steps[steps.length] = index >= 0 ? index : name;
    at = end;
    needDot = true;
  }
  if (steps.length === 0) throw new RuleSyntaxError('the path names no field');
  return steps;
}

function closingBracket(path: string, open: number): number {
  for (let index = open + 1; index < path.length; index++) {
    const code = stringCharCodeAt(path, index);
    if (code === 0x5d) return index;
    if (code === 0x22 || code === 0x27) {
      const end = nextQuote(path, index + 1, code);
      if (end < 0) break;
      index = end;
    }
  }
  throw new RuleSyntaxError(`unclosed "[" in path "${path}"`);
}

function nextQuote(path: string, from: number, quote: number): number {
  for (let index = from; index < path.length; index++) if (stringCharCodeAt(path, index) === quote) return index;
  return -1;
}

function arrayIndex(text: string): number {
  if (text.length === 0 || text.length > 9) return -1;
  let value = 0;
  for (let index = 0; index < text.length; index++) {
    const code = stringCharCodeAt(text, index);
    if (code < 0x30 || code > 0x39) return -1;
    value = value * 10 + code - 0x30;
  }
  return value;
}

type Container = Record<string | number, unknown>;

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function ownValue(container: Container, step: string | number): { found: boolean; value: unknown } {
  if (isArray(container)) {
    if (typeof step !== 'number' || step >= container.length) return { found: false, value: undefined };
    return { found: true, value: container[step] };
  }
  const descriptor = getOwnPropertyDescriptor(container, typeof step === 'number' ? NativeString(step) : step);
  return descriptor ? { found: true, value: descriptor.value } : { found: false, value: undefined };
}

/** The value at `path`, or `found: false`. */
export function readPath(root: JsonValue, path: JsonPath): { found: boolean; value: unknown } {
  let current: unknown = root;
  for (let index = 0; index < path.length; index++) {
    if (!isContainer(current)) return { found: false, value: undefined };
    const next = ownValue(current, path[index]!);
    if (!next.found) return next;
    current = next.value;
  }
  return { found: true, value: current };
}

/** Sets the value at `path`, making missing objects on the way; false when the path crosses a non-object. */
export function writePath(root: JsonValue, path: JsonPath, value: unknown): boolean {
  let current: unknown = root;
  for (let index = 0; index < path.length; index++) {
    if (!isContainer(current)) return false;
    const step = path[index]!;
    const last = index === path.length - 1;
    if (isArray(current)) {
      if (typeof step !== 'number' || step > current.length) return false;
      if (last) {
        current[step] = value;
        return true;
      }
    } else if (last) {
      current[typeof step === 'number' ? NativeString(step) : step] = value;
      return true;
    }
    let next = ownValue(current, step);
    if (!next.found || !isContainer(next.value)) {
      const made = setPrototypeOf({}, null);
      current[typeof step === 'number' && !isArray(current) ? NativeString(step) : step] = made;
      next = { found: true, value: made };
    }
    current = next.value;
  }
  return false;
}

/** Removes the field (or array element) at `path`; false when there was none. */
export function removePath(root: JsonValue, path: JsonPath): boolean {
  const parent = readPath(root, sliceList(path, path.length - 1));
  if (!parent.found || !isContainer(parent.value)) return false;
  const step = path[path.length - 1]!;
  const container = parent.value;
  if (!ownValue(container, step).found) return false;
  if (isArray(container)) {
    const index = step as number;
    for (let at = index; at < container.length - 1; at++) container[at] = container[at + 1];
    container.length = container.length - 1;
    return true;
  }
  return delete container[typeof step === 'number' ? NativeString(step) : step];
}

function sliceList<T>(list: List<T>, end: number): List<T> {
  const copy = newList<T>();
  for (let index = 0; index < end; index++) copy[index] = list[index]!;
  return copy;
}

/** A field as a condition compares it: a string as it is, anything else as JSON. */
export function fieldText(value: unknown): string {
  return typeof value === 'string' ? value : stringifyJson(value);
}
