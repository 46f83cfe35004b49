// WAMP v2 over WebSocket. The sub-protocol names the serializer: wamp.2.json (text messages), wamp.2.msgpack and
// wamp.2.cbor (binary), and their batched variants: JSON messages each followed by 0x18 (Autobahn's separator;
// the spec's text says 0x1E, which is read too), MessagePack/CBOR ones each after a 4-byte big-endian length.
// Every serialization is read into one element view, so one piece of code names and checks the messages.
import { readCbor, startsWithSelfDescribe } from './cbor.ts';
import { jsonField, jsonToTree, parseJson, type JsonValue } from './json.ts';
import { readMsgpack } from './msgpack.ts';
import { mapField, packedToTree, withArticle, type PackedResult, type PackedValue } from './packed-value.ts';
import { summarize, type ConnectionContext, type DecodedItem, type DecodedMessage, type MessageInput, type ProtocolDecoder, type TreeNode } from './types.ts';
import { ERROR, ERROR_SCOPES, HELLO, WAMP_MESSAGES, type ElementKind, type MessageSpec } from './wamp-messages.ts';

type Serializer = 'json' | 'msgpack' | 'cbor';

export interface WampState {
  /** From the sub-protocol; undefined when it names none (then each message's kind and first byte tell). */
  serializer?: Serializer;
  batched: boolean;
}

const SUBPROTOCOL = /^wamp\.2\.(json|msgpack|cbor)(\.batched)?$/;
const JSON_SEPARATORS = ['\x18', '\x1e'];
const SUBPROTOCOL_SCORE = 0.98;
const OFFERED_SCORE = 0.9;
const HELLO_SCORE = 0.85;

export const wampDecoder: ProtocolDecoder<WampState> = {
  id: 'wamp',
  name: 'WAMP',
  detect,
  createState: (context) => {
    const match = SUBPROTOCOL.exec(context.protocol);
    return { serializer: match?.[1] as Serializer | undefined, batched: match?.[2] !== undefined };
  },
  decode: (message, state, context) => {
    let items: DecodedItem[];
    try {
      items = decodeItems(message, state, context);
    } catch (error) {
      // Not expected: every reader here returns its errors; this keeps a bug of ours from reaching the panel as a throw.
      items = [broken(`decoder failure: ${String(error)}`)];
    }
    const error = items.length === 1 && items[0]!.type === 'malformed' ? items[0]!.error : undefined;
    return { protocol: 'wamp', summary: summarize(items), items, ...(error !== undefined && { error }) } satisfies DecodedMessage;
  },
};

/** One element of a message, whichever serialization it came in: its kind, its text, and the value read. */
type Element = {
  kind: 'dict' | 'list' | 'string' | 'integer' | 'other';
  /** A string's text or an integer's digits. */
  text?: string;
} & ({ json: JsonValue; packed?: undefined } | { packed: PackedValue; json?: undefined });

function jsonElement(value: JsonValue): Element {
  const integer = value.kind === 'number' && /^-?\d+$/.test(value.raw);
  const kind = value.kind === 'object' ? 'dict' : value.kind === 'array' ? 'list' : value.kind === 'string' ? 'string' : integer ? 'integer' : 'other';
  return { kind, text: value.kind === 'string' ? value.value : integer && value.kind === 'number' ? value.raw : undefined, json: value };
}

function packedElement(value: PackedValue): Element {
  // Encoders write a whole number that a float holds exactly as one (node-cbor: 2^53, the largest WAMP id).
  const whole = value.kind === 'float' && Number.isInteger(value.value) ? BigInt(value.value).toString() : undefined;
  const integer = value.kind === 'integer' ? value.value.toString() : whole;
  const kind =
    value.kind === 'map' ? 'dict' : value.kind === 'array' ? 'list' : value.kind === 'string' ? 'string' : integer !== undefined ? 'integer' : 'other';
  return { kind, text: value.kind === 'string' ? value.value : integer, packed: value };
}

function elementTree(element: Element, label: string): TreeNode {
  return element.json ? jsonToTree(element.json, label) : packedToTree(element.packed, label);
}

/** The element's kind in a sentence ('a map', 'a number'), for error messages. */
function elementKind(element: Element): string {
  return withArticle(element.json ? element.json.kind : element.packed.kind);
}

/** A dict element's entry under `name`. */
function elementField(element: Element | undefined, name: string): Element | undefined {
  if (element?.json) {
    const field = jsonField(element.json, name);
    return field && jsonElement(field);
  }
  const field = element && mapField(element.packed, name);
  return field && packedElement(field);
}

function decodeItems(message: MessageInput, state: WampState, context: ConnectionContext): DecodedItem[] {
  const items = message.kind === 'text' ? textItems(message.text, state) : binaryItems(message.bytes, state);
  const expectsText = state.serializer === 'json';
  if (state.serializer !== undefined && expectsText !== (message.kind === 'text') && items[0] && items[0].error === undefined) {
    items[0].error = `a ${message.kind} message on a ${context.protocol} connection, which sends ${expectsText ? 'text' : 'binary'} messages`;
  }
  return items;
}

function textItems(text: string, state: WampState): DecodedItem[] {
  if (!state.batched) return [jsonItem(text, '')];
  const separator = JSON_SEPARATORS.find((candidate) => text.includes(candidate)) ?? JSON_SEPARATORS[0]!;
  const parts = text.split(separator);
  const tail = parts.pop() ?? '';
  const items = parts.map((part, index) => jsonItem(part, parts.length > 1 ? `message ${index + 1}: ` : ''));
  if (tail.trim() !== '') items.push(broken(`${tail.length} characters after the last separator (0x18): each batched message ends with one`));
  else if (parts.length === 0) items.push(broken('empty batch: no WAMP message'));
  return items;
}

function jsonItem(text: string, where: string): DecodedItem {
  const parsed = parseJson(text);
  if (!parsed.ok) return broken(`${where}not JSON: ${parsed.error}`);
  if (parsed.value.kind !== 'array') return broken(`${where}a WAMP message is an array, not ${withArticle(parsed.value.kind)}`, [jsonToTree(parsed.value)]);
  return wampItem(parsed.value.items.map(jsonElement), where);
}

function binaryItems(bytes: Uint8Array, state: WampState): DecodedItem[] {
  const serializer = state.serializer === 'msgpack' || state.serializer === 'cbor' ? state.serializer : sniffSerializer(bytes);
  const read = serializer === 'cbor' ? readCbor : readMsgpack;
  if (!state.batched) return [packedItem(bytes, read, serializer, '')];
  const items: DecodedItem[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < bytes.length;) {
    const where = `message ${items.length + 1}: `;
    if (bytes.length - at < 4) {
      items.push(broken(`${where}length prefix cut short: ${bytes.length - at} of 4 bytes`));
      break;
    }
    const length = view.getUint32(at);
    const left = bytes.length - at - 4;
    if (length > left) {
      items.push(broken(`${where}length prefix says ${length} bytes, ${left} left`));
      break;
    }
    items.push(packedItem(bytes.subarray(at + 4, at + 4 + length), read, serializer, where));
    at += 4 + length;
  }
  if (items.length === 0) items.push(broken('empty batch: no WAMP message'));
  return items;
}

/**
 * Without a sub-protocol: WAMP messages are arrays of at most 7 elements, whose first byte differs between the
 * two formats (MessagePack 0x91..0x97; CBOR 0x81..0x87, 0x9f indefinite, or the self-describe tag).
 */
function sniffSerializer(bytes: Uint8Array): 'msgpack' | 'cbor' {
  const first = bytes[0] ?? 0;
  return (first >= 0x80 && first <= 0x8f) || first === 0x9f || startsWithSelfDescribe(bytes) ? 'cbor' : 'msgpack';
}

function packedItem(bytes: Uint8Array, read: (bytes: Uint8Array, offset: number) => PackedResult, serializer: 'msgpack' | 'cbor', where: string): DecodedItem {
  const format = serializer === 'cbor' ? 'CBOR' : 'MessagePack';
  const result = read(bytes, 0);
  if (!result.ok) return broken(`${where}not ${format}: ${result.error}`);
  if (result.value.kind !== 'array') return broken(`${where}a WAMP message is an array, not ${withArticle(result.value.kind)}`, [packedToTree(result.value)]);
  const item = wampItem(result.value.items.map(packedElement), where);
  const trailing = bytes.length - result.end;
  if (trailing > 0) item.error ??= `${where}${trailing} bytes after the ${format} array`;
  return item;
}

function wampItem(elements: Element[], where: string): DecodedItem {
  const [head, ...rest] = elements;
  if (head?.kind !== 'integer') {
    return broken(`${where}${head ? 'the first element (message type) is not an integer' : 'an empty array: no message type'}`, treeOf(elements, []));
  }
  const code = Number(head.text);
  const spec = WAMP_MESSAGES[code];
  if (!spec) return { type: `type ${head.text}`, fields: {}, tree: treeOf(elements, []), error: `${where}unknown WAMP message type ${head.text}` };
  const fields: Record<string, string> = {};
  let requestType: number | undefined;
  rest.forEach((element, index) => {
    const label = spec.elements[index]?.label;
    if (element.text === undefined || label === undefined || label === 'signature') return;
    if (label === 'requestType') {
      requestType = Number(element.text);
      fields.requesttype = WAMP_MESSAGES[requestType]?.name ?? element.text;
    } else fields[label === 'request' ? 'id' : label.toLowerCase()] = element.text;
  });
  // A pattern-based registration's INVOCATION names the procedure actually called in its details.
  const procedure = code === 68 ? elementField(rest[2], 'procedure')?.text : undefined;
  if (procedure !== undefined) fields.procedure = procedure;
  const keyLabel = spec.key === 'request' ? 'id' : spec.key;
  const item: DecodedItem = {
    type: spec.name,
    key: procedure ?? (keyLabel && fields[keyLabel]),
    fields,
    tree: treeOf(
      elements,
      spec.elements.map((element) => element.label),
    ),
  };
  const scope = code === ERROR ? (requestType !== undefined ? ERROR_SCOPES[requestType] : undefined) : spec.pairs?.scope;
  const role = code === ERROR ? 'response' : spec.pairs?.role;
  if (scope && role && fields.id !== undefined) item.correlation = { role, scope: `wamp:${scope}`, id: fields.id };
  const problem = messageProblem(spec, rest);
  if (problem) item.error = where + problem;
  return item;
}

function treeOf(elements: Element[], labels: readonly string[]): TreeNode[] {
  return elements.map((element, index) => elementTree(element, index === 0 ? 'type' : (labels[index - 1] ?? String(index))));
}

const EXPECTED: Record<ElementKind, { kind: Element['kind']; what: string }> = {
  id: { kind: 'integer', what: 'an integer id' },
  code: { kind: 'integer', what: 'a message type code' },
  uri: { kind: 'string', what: 'a URI string' },
  string: { kind: 'string', what: 'a string' },
  dict: { kind: 'dict', what: 'a dict' },
  list: { kind: 'list', what: 'a list' },
};

/** What breaks the message's definition: too few or too many elements, or one of the wrong type. */
function messageProblem(spec: MessageSpec, elements: Element[]): string | undefined {
  const required = spec.elements.filter((element) => !element.optional);
  if (elements.length < required.length) {
    return `${spec.name} has ${elements.length} elements after its type, needs ${required.length} (${required.map((element) => element.label).join(', ')})`;
  }
  if (elements.length > spec.elements.length) return `${spec.name} has ${elements.length} elements after its type, at most ${spec.elements.length}`;
  for (const [index, element] of elements.entries()) {
    const expected = EXPECTED[spec.elements[index]!.kind];
    if (element.kind !== expected.kind) return `${spec.name}'s ${spec.elements[index]!.label} is ${elementKind(element)}, not ${expected.what}`;
  }
  return undefined;
}

function broken(error: string, tree: TreeNode[] = []): DecodedItem {
  return { type: 'malformed', fields: {}, tree, error };
}

function detect(context: ConnectionContext, firstMessages: readonly MessageInput[]): number {
  if (SUBPROTOCOL.test(context.protocol)) return SUBPROTOCOL_SCORE;
  if (context.protocol === '' && context.requestedProtocols.some((name) => SUBPROTOCOL.test(name))) return OFFERED_SCORE;
  // No sub-protocol: the client's HELLO, [1, realm, details], in any serialization.
  const hello = firstMessages.find((message) => message.direction === 'send');
  if (!hello) return 0;
  const state: WampState = { batched: false };
  const [item] = hello.kind === 'text' ? textItems(hello.text, state) : binaryItems(hello.bytes, state);
  return item && item.type === WAMP_MESSAGES[HELLO]!.name && item.error === undefined ? HELLO_SCORE : 0;
}
