// STOMP's `destination` of a message: the first `destination` header of its frame (text, or binary read
// as UTF-8 up to the end of the headers), and of each frame inside a SockJS array (`a["SEND\n…"]` from
// the server, `["SEND\n…"]` from the client). Header values are unescaped as STOMP 1.1/1.2 write them.
import { addPair, utf8Text, type FieldPairs } from './field-text';
import { isArray, stringCharCodeAt, stringIndexOf, stringSlice } from '../worlds/pristine';
import { NOT_JSON_VALUE, parseJson, type JsonValue } from './json-path';
import type { ByteView } from './protocol-fields';

/** Headers are read up to this many bytes of a binary frame: a destination sits near the start. */
const MAX_HEADER_BYTES = 16 * 1024;

function isCommand(command: string): boolean {
  switch (command) {
    case 'SEND':
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
    case 'MESSAGE':
    case 'ACK':
    case 'NACK':
    case 'BEGIN':
    case 'COMMIT':
    case 'ABORT':
    case 'DISCONNECT':
    case 'CONNECT':
    case 'STOMP':
    case 'CONNECTED':
    case 'RECEIPT':
    case 'ERROR':
      return true;
    default:
      return false;
  }
}

function withoutCr(text: string, start: number, end: number): string {
  return end > start && stringCharCodeAt(text, end - 1) === 0x0d ? stringSlice(text, start, end - 1) : stringSlice(text, start, end);
}

/** `\c`, `\n`, `\r` and `\\` as STOMP 1.1/1.2 escape header values; anything else stays as it is. */
function unescapeHeader(value: string): string {
  if (stringIndexOf(value, '\\') < 0) return value;
  let out = '';
  for (let at = 0; at < value.length; at++) {
    const code = stringCharCodeAt(value, at);
    const next = at + 1 < value.length ? stringCharCodeAt(value, at + 1) : -1;
    const plain = code !== 0x5c ? '' : next === 0x63 ? ':' : next === 0x6e ? '\n' : next === 0x72 ? '\r' : next === 0x5c ? '\\' : '';
    if (plain === '') out += stringSlice(value, at, at + 1);
    else {
      out += plain;
      at++;
    }
  }
  return out;
}

function frameFields(text: string, pairs: FieldPairs): void {
  let at = 0;
  while (at < text.length && (stringCharCodeAt(text, at) === 0x0a || stringCharCodeAt(text, at) === 0x0d)) at++; // heart-beats
  const commandEnd = stringIndexOf(text, '\n', at);
  if (commandEnd < 0 || !isCommand(withoutCr(text, at, commandEnd))) return;
  at = commandEnd + 1;
  while (at < text.length) {
    const found = stringIndexOf(text, '\n', at);
    const end = found < 0 ? text.length : found;
    const line = withoutCr(text, at, end);
    if (line === '' || stringIndexOf(line, '\0') >= 0) return;
    const colon = stringIndexOf(line, ':');
    if (colon === 11 && stringSlice(line, 0, colon) === 'destination') {
      addPair(pairs, 'destination', unescapeHeader(stringSlice(line, colon + 1)));
      return;
    }
    at = end + 1;
  }
}

function headerEnd(bytes: Uint8Array, length: number): number {
  const limit = length < MAX_HEADER_BYTES ? length : MAX_HEADER_BYTES;
  for (let at = 0; at < limit; at++) {
    const code = bytes[at]!;
    if (code === 0) return at;
    if (code === 0x0a && at > 0 && (bytes[at - 1] === 0x0a || (bytes[at - 1] === 0x0d && at > 1 && bytes[at - 2] === 0x0a))) return at;
  }
  return limit;
}

export function stompFields(text: string | null, binary: ByteView | null, json: () => JsonValue | undefined, pairs: FieldPairs): void {
  if (text === null) {
    if (binary !== null) frameFields(utf8Text(binary.bytes, 0, headerEnd(binary.bytes, binary.length)), pairs);
    return;
  }
  const first = text.length > 0 ? stringCharCodeAt(text, 0) : 0;
  if (first === 0x5b || (first === 0x61 && text.length > 1 && stringCharCodeAt(text, 1) === 0x5b)) {
    // SockJS: a JSON array of frames (the server's after an "a").
    const frames = first === 0x5b ? json() : sockJsArray(text);
    if (!isArray(frames)) return;
    for (let index = 0; index < frames.length; index++) if (typeof frames[index] === 'string') frameFields(frames[index] as string, pairs);
    return;
  }
  frameFields(text, pairs);
}

function sockJsArray(text: string): JsonValue | undefined {
  const value = parseJson(stringSlice(text, 1));
  return value === NOT_JSON_VALUE ? undefined : value;
}
