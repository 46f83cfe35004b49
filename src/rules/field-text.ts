// Small readers the protocol-field readers share: a JSON string literal read where it starts (without
// parsing the rest of the message), UTF-8 bytes as text, and the [name, value] pairs they produce.
import { fromCharCode, newList, stringCharCodeAt, stringSlice, type List } from '../worlds/pristine';

/** A message's protocol fields, name and value after each other: [name, value, name, value, …]. */
export type FieldPairs = List<string>;

export function newPairs(): FieldPairs {
  return newList<string>();
}

export function addPair(pairs: FieldPairs, name: string, value: string): void {
  pairs[pairs.length] = name;
  pairs[pairs.length] = value;
}

export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** The JSON string starting at `at` (its opening quote), unescaped; null when there is none, or it is malformed. */
export function readJsonString(text: string, at: number): string | null {
  if (at >= text.length || stringCharCodeAt(text, at) !== 0x22) return null;
  let out = '';
  let from = at + 1;
  for (let index = from; index < text.length; index++) {
    const code = stringCharCodeAt(text, index);
    if (code === 0x22) return out + stringSlice(text, from, index);
    if (code < 0x20) return null;
    if (code !== 0x5c) continue;
    out += stringSlice(text, from, index);
    const escaped = index + 1 < text.length ? stringCharCodeAt(text, index + 1) : -1;
    if (escaped === 0x75) {
      const unit = hexValue(text, index + 2, 4);
      if (unit < 0) return null;
      out += fromCharCode(unit);
      index += 5;
    } else {
      const plain = escapedChar(escaped);
      if (plain === '') return null;
      out += plain;
      index += 1;
    }
    from = index + 1;
  }
  return null;
}

function escapedChar(code: number): string {
  switch (code) {
    case 0x22:
      return '"';
    case 0x5c:
      return '\\';
    case 0x2f:
      return '/';
    case 0x62:
      return '\b';
    case 0x66:
      return '\f';
    case 0x6e:
      return '\n';
    case 0x72:
      return '\r';
    case 0x74:
      return '\t';
    default:
      return '';
  }
}

function hexValue(text: string, at: number, digits: number): number {
  if (at + digits > text.length) return -1;
  let value = 0;
  for (let index = at; index < at + digits; index++) {
    const code = stringCharCodeAt(text, index);
    const digit = code >= 0x30 && code <= 0x39 ? code - 0x30 : code >= 0x61 && code <= 0x66 ? code - 0x57 : code >= 0x41 && code <= 0x46 ? code - 0x37 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** Bytes `start`..`end` as UTF-8 text (what is not UTF-8 becomes U+FFFD); fields are short, so one unit at a time. */
export function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let at = start;
  while (at < end) {
    const lead = bytes[at]!;
    if (lead < 0x80) {
      out += fromCharCode(lead);
      at++;
      continue;
    }
    const need = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (need < 0 || at + need >= end) {
      out += '\ufffd';
      at++;
      continue;
    }
    let point = lead & (0x3f >> need);
    let valid = true;
    for (let index = 1; index <= need; index++) {
      const next = bytes[at + index]!;
      if ((next & 0xc0) !== 0x80) valid = false;
      point = (point << 6) | (next & 0x3f);
    }
    if (!valid || (need === 2 && (point < 0x800 || (point >= 0xd800 && point <= 0xdfff))) || (need === 3 && (point < 0x10000 || point > 0x10ffff))) {
      out += '\ufffd';
      at++;
      continue;
    }
    if (point > 0xffff) {
      point -= 0x10000;
      out += fromCharCode(0xd800 + (point >> 10), 0xdc00 + (point & 0x3ff));
    } else out += fromCharCode(point);
    at += need + 1;
  }
  return out;
}
