// JSON for the hook's own records, safe against a page that poisons JSON.stringify's inputs.
// Even the pristine JSON.stringify looks up `toJSON` through the prototype chain of every value
// (String.prototype.toJSON applies to plain strings), so a page could rewrite what we emit. The fast
// native path is used while those prototypes are untouched; otherwise a small serializer of our own
// shapes (plain objects, arrays, strings, finite numbers, booleans) takes over.
import {
  ObjectPrototype,
  apply,
  getOwnPropertyDescriptor,
  getPrototypeOf,
  isArray,
  jsonStringify,
  newList,
  objectKeys,
  stringCharCodeAt,
  stringSlice,
} from '../worlds/pristine';

const guardedPrototypes = [ObjectPrototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype];
const nativeToString = Number.prototype.toString;

function prototypesArePristine(): boolean {
  for (let index = 0; index < guardedPrototypes.length; index++) {
    const prototype = guardedPrototypes[index]!;
    if (getOwnPropertyDescriptor(prototype, 'toJSON')) return false;
    const parent = getPrototypeOf(prototype);
    if (prototype === ObjectPrototype ? parent !== null : parent !== ObjectPrototype) return false;
  }
  return true;
}

export function safeStringify(value: unknown): string {
  if (prototypesArePristine()) return jsonStringify(value);
  return serialize(value);
}

function serialize(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return value === value && value !== Infinity && value !== -Infinity ? apply(nativeToString, value, []) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null || typeof value !== 'object') return 'null';
  if (isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) text += (index ? ',' : '') + serialize(value[index]);
    return text + ']';
  }
  const names = objectKeys(value);
  let text = '{';
  let first = true;
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    const field = (value as Record<string, unknown>)[name];
    if (field === undefined) continue;
    text += (first ? '' : ',') + quote(name) + ':' + serialize(field);
    first = false;
  }
  return text + '}';
}

const hexDigits = '0123456789abcdef';

function quote(text: string): string {
  const parts = newList<string>();
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const code = stringCharCodeAt(text, index);
    let escaped: string | undefined;
    if (code === 0x22) escaped = '\\"';
    else if (code === 0x5c) escaped = '\\\\';
    else if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff)) {
      // Control characters, and every surrogate: a paired surrogate escaped as two \u units is still valid JSON.
      escaped = '\\u' + hexDigits[(code >> 12) & 15]! + hexDigits[(code >> 8) & 15]! + hexDigits[(code >> 4) & 15]! + hexDigits[code & 15]!;
    }
    if (escaped === undefined) continue;
    if (index > start) parts[parts.length] = stringSlice(text, start, index);
    parts[parts.length] = escaped;
    start = index + 1;
  }
  if (start === 0) return '"' + text + '"';
  if (start < text.length) parts[parts.length] = stringSlice(text, start);
  let joined = '"';
  for (let index = 0; index < parts.length; index++) joined += parts[index]!;
  return joined + '"';
}
