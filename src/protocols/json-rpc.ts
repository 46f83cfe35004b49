// JSON-RPC 2.0 (jsonrpc.org/specification) over WebSocket: requests (`call`), notifications (`notify`, no
// id), responses (`result` / `error` with the standard codes named) and batches (an array: one item each).
// Either side may call. A request's id, exactly as sent (a number keeps its digits; 7 and "7" differ),
// pairs it with its response.
import { jsonChildren, jsonField, jsonScalar, stringifyJson, type JsonValue } from './json.ts';
import { decodedMessage, describeKind, firstToSniff, readJsonMessage, rememberBounded, sniffJson, stringField, undecodable } from './json-message.ts';
import type { ConnectionContext, DecodedItem, DecodedMessage, MessageInput, ProtocolDecoder } from './types.ts';

export const CORRELATION_SCOPE = 'json-rpc';

const STANDARD_ERRORS = new Map([
  ['-32700', 'Parse error'],
  ['-32600', 'Invalid Request'],
  ['-32601', 'Method not found'],
  ['-32602', 'Invalid params'],
  ['-32603', 'Internal error'],
]);

/** The specification's name for an error code: a standard one, or the server-error range. */
export function errorCodeName(code: string): string | undefined {
  const standard = STANDARD_ERRORS.get(code);
  if (standard) return standard;
  const number = Number(code);
  if (Number.isInteger(number) && number >= -32099 && number <= -32000) return 'Server error';
  return undefined;
}

export interface JsonRpcState {
  /** Method by request id, so a response shows what it answers. */
  methods: Map<string, string>;
}

/** Requests never answered do not grow the state without end. */
const MAX_PENDING = 10_000;

function decode(message: MessageInput, state: JsonRpcState): DecodedMessage {
  const read = readJsonMessage(message);
  if (!read.ok) return undecodable('json-rpc', read.error);
  if (read.value.kind !== 'array') return decodedMessage('json-rpc', [decodeItem(read.value, state)]);
  if (read.value.items.length === 0) return undecodable('json-rpc', 'an empty batch (JSON-RPC 2.0 answers it with Invalid Request)');
  return decodedMessage(
    'json-rpc',
    read.value.items.map((item) => decodeItem(item, state)),
  );
}

function decodeItem(value: JsonValue, state: JsonRpcState): DecodedItem {
  const tree = jsonChildren(value);
  if (value.kind !== 'object') return { type: 'invalid', fields: {}, tree, error: `a JSON-RPC message is an object, not ${describeKind(value)}` };
  const errors: string[] = [];
  const version = jsonField(value, 'jsonrpc');
  if (!version) errors.push('no jsonrpc member (JSON-RPC 2.0 requires "2.0")');
  else if (version.kind !== 'string' || version.value !== '2.0') errors.push(`jsonrpc is ${stringifyJson(version)}, not "2.0"`);

  const method = jsonField(value, 'method');
  const id = jsonField(value, 'id');
  const result = jsonField(value, 'result');
  const error = jsonField(value, 'error');
  let item: DecodedItem;
  if (method) {
    item = decodeRequest(value, method, id, state, errors);
    if (result || error) errors.push(`a request carries no ${result ? 'result' : 'error'}`);
  } else if (result || error) {
    item = decodeResponse(error, id, state, errors);
    if (result && error) errors.push('a response carries a result or an error, not both');
  } else {
    item = { type: 'invalid', fields: {}, tree: [] };
    errors.push('neither a method (request) nor a result or error (response)');
  }
  item.tree = tree;
  if (item.type === 'error' && error) explainErrorCode(item, error);
  if (errors.length > 0) item.error = errors.join('; ');
  return item;
}

/** The id's text for display and filters, and its exact JSON for pairing; undefined for an absent or null id. */
function readId(id: JsonValue | undefined, errors: string[]): { text: string; exact: string } | undefined {
  if (!id || id.kind === 'null') return undefined;
  if (id.kind !== 'string' && id.kind !== 'number') {
    errors.push(`id is ${describeKind(id)}, not a string, number or null`);
    return undefined;
  }
  return { text: jsonScalar(id)!, exact: stringifyJson(id) };
}

function decodeRequest(value: JsonValue, method: JsonValue, id: JsonValue | undefined, state: JsonRpcState, errors: string[]): DecodedItem {
  const name = method.kind === 'string' ? method.value : stringifyJson(method);
  if (method.kind !== 'string') errors.push(`method is ${describeKind(method)}, not a string`);
  const params = jsonField(value, 'params');
  if (params && params.kind !== 'array' && params.kind !== 'object') errors.push(`params is ${describeKind(params)}, not an array or object`);
  // No id at all makes a notification; `"id": null` is a request the specification discourages.
  if (!id) return { type: 'notify', key: name, fields: { method: name }, tree: [] };
  const item: DecodedItem = { type: 'call', key: name, fields: { method: name }, tree: [] };
  const requestId = readId(id, errors);
  if (requestId) {
    item.fields.id = requestId.text;
    item.correlation = { role: 'request', scope: CORRELATION_SCOPE, id: requestId.exact };
    rememberBounded(state.methods, requestId.exact, name, MAX_PENDING);
  } else if (id.kind === 'null') {
    item.fields.id = 'null';
  }
  return item;
}

function decodeResponse(error: JsonValue | undefined, id: JsonValue | undefined, state: JsonRpcState, errors: string[]): DecodedItem {
  const item: DecodedItem = { type: error ? 'error' : 'result', fields: {}, tree: [] };
  if (!id) errors.push('a response without an id');
  const responseId = readId(id, errors);
  const idText = responseId?.text ?? (id?.kind === 'null' ? 'null' : '');
  if (idText !== '') item.fields.id = idText;
  if (responseId) {
    item.correlation = { role: 'response', scope: CORRELATION_SCOPE, id: responseId.exact };
    const method = state.methods.get(responseId.exact);
    if (method !== undefined) {
      item.fields.method = method;
      state.methods.delete(responseId.exact);
    }
  }
  item.key = idText;
  if (!error) return item;
  if (error.kind !== 'object') {
    errors.push(`error is ${describeKind(error)}, not an object`);
    return item;
  }
  const code = jsonField(error, 'code');
  const message = stringField(error, 'message');
  if (code?.kind !== 'number' || !/^-?\d+$/.test(code.raw)) errors.push(code ? `error.code is ${stringifyJson(code)}, not an integer` : 'error without a code');
  if (message === undefined) errors.push(jsonField(error, 'message') ? 'error.message is not a string' : 'error without a message');
  const codeText = code?.kind === 'number' ? code.raw : undefined;
  if (codeText !== undefined) item.fields.code = codeText;
  const description = message ?? (codeText !== undefined ? errorCodeName(codeText) : undefined);
  item.key = [idText, codeText, description].filter((part) => part !== undefined && part !== '').join(' ');
  return item;
}

/** Names a standard code next to it in the tree (`meaning: Method not found`). */
function explainErrorCode(item: DecodedItem, error: JsonValue): void {
  const code = jsonField(error, 'code');
  const meaning = code?.kind === 'number' ? errorCodeName(code.raw) : undefined;
  const node = item.tree.find((child) => child.label === 'error');
  if (meaning === undefined || !node?.children) return;
  const at = node.children.findIndex((child) => child.label === 'code');
  node.children.splice(at + 1, 0, { label: 'meaning', type: 'text', value: meaning });
}

/** 0 unless the first messages are JSON-RPC 2.0; the explicit `"jsonrpc":"2.0"` makes it strong evidence. */
function sniff(firstMessages: readonly MessageInput[]): number {
  let valid = 0;
  let other = 0;
  for (const message of firstToSniff(firstMessages)) {
    // Cheap refusal before parsing: every JSON-RPC 2.0 message names its version.
    if (message.kind === 'text' && !message.text.includes('"jsonrpc"')) {
      other++;
      continue;
    }
    const read = sniffJson(message);
    if (!read.ok) return 0;
    const items = read.value.kind === 'array' ? read.value.items : [read.value];
    const state: JsonRpcState = { methods: new Map() };
    if (items.length > 0 && items.every((item) => decodeItem(item, state).error === undefined)) valid++;
    else other++;
  }
  if (valid === 0) return 0;
  return other === 0 ? 0.8 : 0.55;
}

function detect(context: ConnectionContext, firstMessages: readonly MessageInput[]): number {
  const named = (protocol: string) => /json-?rpc/i.test(protocol);
  const byProtocol = named(context.protocol) ? 0.9 : context.protocol === '' && context.requestedProtocols.some(named) ? 0.8 : 0;
  return Math.max(byProtocol, sniff(firstMessages));
}

export const jsonRpcDecoder: ProtocolDecoder<JsonRpcState> = {
  id: 'json-rpc',
  name: 'JSON-RPC 2.0',
  detect,
  createState: () => ({ methods: new Map() }),
  decode,
};
