// SignalR's MessagePack hub protocol: binary messages holding one or more hub messages, each a VarInt length
// prefix (7 bits a byte, least significant first, at most 5 bytes) and a MessagePack array whose first element
// is the message type: [1, headers, invocationId, target, arguments, streamIds?], [3, headers, invocationId,
// resultKind, result?], [7, error, allowReconnect?]…
import { readMsgpack } from './msgpack.ts';
import { packedToTree, smallIntegerOf, withArticle, type PackedValue } from './packed-value.ts';
import {
  ACK,
  brokenItem,
  CANCEL_INVOCATION,
  CLOSE,
  COMPLETION,
  HUB_MESSAGE_TYPES,
  hubItem,
  hubProblem,
  INVOCATION,
  PING,
  SEQUENCE,
  STREAM_INVOCATION,
  STREAM_ITEM,
  type HubMessage,
} from './signalr-hub.ts';
import type { DecodedItem } from './types.ts';

/** Each array position's name, per message type (a Completion's fifth is named by its result kind). */
const ELEMENT_NAMES: Readonly<Record<number, readonly string[]>> = {
  [INVOCATION]: ['type', 'headers', 'invocationId', 'target', 'arguments', 'streamIds'],
  [STREAM_ITEM]: ['type', 'headers', 'invocationId', 'item'],
  [COMPLETION]: ['type', 'headers', 'invocationId', 'resultKind', 'result'],
  [STREAM_INVOCATION]: ['type', 'headers', 'invocationId', 'target', 'arguments', 'streamIds'],
  [CANCEL_INVOCATION]: ['type', 'headers', 'invocationId'],
  [PING]: ['type'],
  [CLOSE]: ['type', 'error', 'allowReconnect'],
  [ACK]: ['type', 'sequenceId'],
  [SEQUENCE]: ['type', 'sequenceId'],
};

/** Elements each type needs at least (later protocol versions may append more, which is no error). */
const MINIMUM_ELEMENTS: Readonly<Record<number, number>> = {
  [INVOCATION]: 5,
  [STREAM_ITEM]: 4,
  [COMPLETION]: 4,
  [STREAM_INVOCATION]: 5,
  [CANCEL_INVOCATION]: 3,
  [CLOSE]: 2,
  [ACK]: 2,
  [SEQUENCE]: 2,
};

/** Types whose second element is the headers map. */
const WITH_HEADERS = new Set([INVOCATION, STREAM_ITEM, COMPLETION, STREAM_INVOCATION, CANCEL_INVOCATION]);
const ERROR_RESULT = 1;
const VOID_RESULT = 2;
const NON_VOID_RESULT = 3;
const MAX_VARINT_BYTES = 5;

/** The hub messages of a binary message from `offset` on. */
export function messagepackItems(bytes: Uint8Array, offset: number, direction: 'send' | 'receive'): DecodedItem[] {
  const items: DecodedItem[] = [];
  let at = offset;
  while (at < bytes.length) {
    const where = `message ${items.length + 1}: `;
    const prefix = readVarint(bytes, at);
    if ('error' in prefix) {
      items.push(brokenItem(where + prefix.error));
      break;
    }
    const start = at + prefix.size;
    const left = bytes.length - start;
    if (prefix.length > left) {
      items.push(brokenItem(`${where}length prefix says ${prefix.length} bytes, ${left} left`));
      break;
    }
    items.push(hubMessageItem(bytes.subarray(start, start + prefix.length), direction, where));
    at = start + prefix.length;
  }
  if (items.length === 0) items.push(brokenItem('empty message: no length-prefixed hub message'));
  return items;
}

function readVarint(bytes: Uint8Array, offset: number): { length: number; size: number } | { error: string } {
  let length = 0;
  for (let index = 0; index < MAX_VARINT_BYTES; index++) {
    const byte = bytes[offset + index];
    if (byte === undefined) return { error: `length prefix cut short at offset ${offset + index}` };
    length += (byte & 0x7f) * 2 ** (7 * index);
    if ((byte & 0x80) === 0) return { length, size: index + 1 };
  }
  return { error: `length prefix longer than ${MAX_VARINT_BYTES} bytes at offset ${offset}` };
}

function hubMessageItem(body: Uint8Array, direction: 'send' | 'receive', where: string): DecodedItem {
  const result = readMsgpack(body);
  if (!result.ok) return brokenItem(`${where}not MessagePack: ${result.error}`);
  const { value } = result;
  if (value.kind !== 'array' || value.items.length === 0) {
    return brokenItem(`${where}a hub message is a non-empty MessagePack array, not ${value.kind === 'array' ? 'an empty one' : withArticle(value.kind)}`, [
      packedToTree(value),
    ]);
  }
  const elements = value.items;
  const code = smallIntegerOf(elements[0]);
  if (code === undefined) return brokenItem(`${where}the first element (message type) is not an integer`, [packedToTree(value)]);
  const message = readMessage(code, elements);
  const trailing = body.length - result.end;
  message.problem ??= trailing > 0 ? `${trailing} bytes after the MessagePack array, inside its length` : undefined;
  if (message.problem !== undefined) message.problem = where + message.problem;
  return hubItem(message, direction);
}

function readMessage(code: number, elements: PackedValue[]): HubMessage {
  const names = ELEMENT_NAMES[code] ?? [];
  const resultKind = code === COMPLETION ? smallIntegerOf(elements[3]) : undefined;
  const nameOf = (index: number) => (index === 4 && resultKind === ERROR_RESULT ? 'error' : (names[index] ?? String(index)));
  const tree = elements.map((element, index) => packedToTree(element, nameOf(index)));
  const message: HubMessage = { code, tree };
  const wrongTypes: string[] = [];
  /** A string element, or undefined for nil/absent; anything else is noted as a problem. */
  const text = (index: number): string | undefined => {
    const element = elements[index];
    if (element === undefined || element.kind === 'null') return undefined;
    if (element.kind === 'string') return element.value;
    wrongTypes.push(`${nameOf(index)} is ${withArticle(element.kind)}, not a string`);
    return undefined;
  };
  const minimum = MINIMUM_ELEMENTS[code] ?? 1;
  const named = HUB_MESSAGE_TYPES[code];
  if (WITH_HEADERS.has(code) && elements[1] && elements[1].kind !== 'map') {
    wrongTypes.push(`headers are ${withArticle(elements[1].kind)}, not a map`);
  }
  switch (code) {
    case INVOCATION:
    case STREAM_INVOCATION:
      message.invocationId = text(2);
      message.target = text(3);
      break;
    case STREAM_ITEM:
    case CANCEL_INVOCATION:
      message.invocationId = text(2);
      break;
    case COMPLETION:
      message.invocationId = text(2);
      if (resultKind === ERROR_RESULT) message.error = text(4);
      break;
    case CLOSE:
      message.error = text(1);
      break;
    case ACK:
    case SEQUENCE: {
      const sequence = elements[1];
      if (sequence?.kind === 'integer') message.sequenceId = sequence.value.toString();
      break;
    }
  }
  if (named !== undefined && elements.length < minimum) {
    message.problem = `${named} has ${elements.length} elements, needs at least ${minimum}`;
  } else {
    message.problem =
      wrongTypes[0] ??
      hubProblem(message, { arguments: elements[4]?.kind === 'array', item: elements.length > 3 }) ??
      (code === COMPLETION ? completionProblem(resultKind, elements.length) : undefined);
  }
  return message;
}

function completionProblem(resultKind: number | undefined, length: number): string | undefined {
  if (resultKind === VOID_RESULT) return undefined;
  if (resultKind !== ERROR_RESULT && resultKind !== NON_VOID_RESULT) return `Completion result kind ${resultKind ?? '(not an integer)'} is not 1, 2 or 3`;
  return length < 5 ? `Completion of result kind ${resultKind} without its ${resultKind === ERROR_RESULT ? 'error' : 'result'}` : undefined;
}
