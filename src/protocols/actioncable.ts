// Action Cable (Rails, @rails/actioncable; sub-protocol actioncable-v1-json). The server sends
// `{type: welcome|ping|confirm_subscription|reject_subscription|disconnect}` and broadcasts
// `{identifier, message}`; the client sends `{command: subscribe|unsubscribe|message, identifier, data?}`.
// The identifier (channel name and params) and a message command's data are JSON text inside the JSON:
// both are decoded. A subscribe pairs with its confirmation or rejection by the identifier's exact text.
import { jsonChildren, jsonField, jsonToTree, parseJson, type JsonValue } from './json.ts';
import {
  HEARTBEAT_FIELD,
  decodedMessage,
  describeKind,
  firstToSniff,
  offersProtocol,
  readJsonMessage,
  sniffJson,
  stringField,
  undecodable,
} from './json-message.ts';
import type { ConnectionContext, DecodedItem, DecodedMessage, MessageInput, ProtocolDecoder, TreeNode } from './types.ts';

export const SUB_PROTOCOL = 'actioncable-v1-json';
/** Offered by the client so that a server without v1-json picks it, and the client gives up. */
export const UNSUPPORTED_SUB_PROTOCOL = 'actioncable-unsupported';
export const CORRELATION_SCOPE = 'actioncable:subscription';

const SERVER_TYPES = new Set(['welcome', 'ping', 'confirm_subscription', 'reject_subscription', 'disconnect']);
const COMMANDS = new Set(['subscribe', 'unsubscribe', 'message']);

/** A JSON text field decoded: its value, or what is wrong with it. */
type Embedded = { ok: true; value: JsonValue } | { ok: false; error: string };

function readEmbedded(value: JsonValue | undefined, name: string): Embedded {
  if (!value) return { ok: false, error: `no ${name}` };
  if (value.kind !== 'string') return { ok: false, error: `${name} is ${describeKind(value)}, not a string (Action Cable sends it as JSON text)` };
  const parsed = parseJson(value.value);
  if (!parsed.ok) return { ok: false, error: `${name} is not JSON: ${parsed.error}` };
  return { ok: true, value: parsed.value };
}

/** Shows `decoded` right after the tree node labelled `label`. */
function insertAfter(tree: TreeNode[], label: string, decoded: TreeNode): void {
  const index = tree.findIndex((node) => node.label === label);
  tree.splice(index < 0 ? tree.length : index + 1, 0, decoded);
}

/** Reads the identifier into the item: channel, fields, decoded tree node. Returns its exact text when it is a string. */
function applyIdentifier(message: JsonValue, item: DecodedItem, errors: string[]): string | undefined {
  const raw = jsonField(message, 'identifier');
  const identifier = readEmbedded(raw, 'identifier');
  if (raw?.kind === 'string') item.fields.identifier = raw.value;
  if (!identifier.ok) {
    errors.push(identifier.error);
  } else if (identifier.value.kind !== 'object') {
    errors.push(`identifier is ${describeKind(identifier.value)}, not an object`);
  } else {
    insertAfter(item.tree, 'identifier', jsonToTree(identifier.value, 'identifier (decoded)'));
    const channel = stringField(identifier.value, 'channel');
    if (channel === undefined) errors.push('identifier names no channel');
    else {
      item.fields.channel = channel;
      item.key = channel;
    }
  }
  return raw?.kind === 'string' ? raw.value : undefined;
}

function decodeItem(value: JsonValue, direction: 'send' | 'receive'): DecodedItem {
  const tree = jsonChildren(value);
  if (value.kind !== 'object') return { type: 'invalid', fields: {}, tree, error: `an Action Cable message is a JSON object, not ${describeKind(value)}` };
  const type = stringField(value, 'type');
  const command = stringField(value, 'command');
  const errors: string[] = [];
  let item: DecodedItem;
  if (type !== undefined) {
    item = { type, fields: {}, tree };
    if (!SERVER_TYPES.has(type)) errors.push(`'${type}' is not an Action Cable message type`);
    else if (direction === 'send') errors.push(`${type} comes from the server, but the client sent it`);
    decodeServerMessage(value, type, item, errors);
  } else if (command !== undefined) {
    item = { type: command, fields: {}, tree };
    if (!COMMANDS.has(command)) errors.push(`'${command}' is not an Action Cable command`);
    else if (direction === 'receive') errors.push(`the ${command} command comes from the client, but the server sent it`);
    decodeCommand(value, command, item, errors);
  } else if (jsonField(value, 'identifier') && jsonField(value, 'message')) {
    item = { type: 'broadcast', fields: {}, tree };
    if (direction === 'send') errors.push('a broadcast comes from the server, but the client sent it');
    applyIdentifier(value, item, errors);
  } else {
    item = { type: 'invalid', fields: {}, tree };
    errors.push("neither a 'type', a 'command' nor an 'identifier' with a 'message'");
  }
  if (errors.length > 0) item.error = errors.join('; ');
  return item;
}

function decodeServerMessage(value: JsonValue, type: string, item: DecodedItem, errors: string[]): void {
  switch (type) {
    case 'ping': {
      item.fields[HEARTBEAT_FIELD] = 'true';
      const stamp = jsonField(value, 'message');
      const seconds = stamp?.kind === 'number' ? Number(stamp.raw) : NaN;
      // The server's clock, in Unix seconds: shown as a date too.
      if (Number.isFinite(seconds) && Math.abs(seconds) < 8.64e12)
        item.tree.push({ label: 'time', type: 'text', value: new Date(seconds * 1000).toISOString() });
      break;
    }
    case 'confirm_subscription':
    case 'reject_subscription': {
      const identifier = applyIdentifier(value, item, errors);
      if (identifier !== undefined) item.correlation = { role: 'response', scope: CORRELATION_SCOPE, id: identifier };
      break;
    }
    case 'disconnect': {
      const reason = stringField(value, 'reason');
      if (reason !== undefined) {
        item.key = reason;
        item.fields.reason = reason;
      }
      break;
    }
  }
}

function decodeCommand(value: JsonValue, command: string, item: DecodedItem, errors: string[]): void {
  const identifier = applyIdentifier(value, item, errors);
  if (command === 'subscribe' && identifier !== undefined) item.correlation = { role: 'request', scope: CORRELATION_SCOPE, id: identifier };
  if (command !== 'message') return;
  const data = readEmbedded(jsonField(value, 'data'), 'data');
  if (!data.ok) return void errors.push(data.error);
  insertAfter(item.tree, 'data', jsonToTree(data.value, 'data (decoded)'));
  const action = stringField(data.value, 'action');
  if (action !== undefined) {
    item.fields.action = action;
    item.key = item.key === undefined ? action : `${item.key} ${action}`;
  }
}

function decode(message: MessageInput): DecodedMessage {
  const read = readJsonMessage(message);
  if (!read.ok) return undecodable('actioncable', read.error);
  return decodedMessage('actioncable', [decodeItem(read.value, message.direction)]);
}

/** How strongly the first messages say Action Cable: 0 when one is not an Action Cable message. */
function sniff(firstMessages: readonly MessageInput[]): number {
  let identifier = false;
  let bareWelcome = false;
  let fits = 0;
  for (const message of firstToSniff(firstMessages)) {
    const read = sniffJson(message);
    if (!read.ok) return 0;
    const item = decodeItem(read.value, message.direction);
    if (item.error !== undefined) return 0;
    fits++;
    if (item.fields.channel !== undefined) identifier = true;
    // Rails' welcome has nothing but its type (AnyCable adds a sid).
    if (item.type === 'welcome' && read.value.kind === 'object' && read.value.entries.every(([key]) => key === 'type' || key === 'sid')) bareWelcome = true;
  }
  if (fits === 0) return 0;
  // A channel identifier (JSON text naming a channel) is Action Cable's own; a JSON app may well greet
  // with {"type":"welcome"}, so a welcome alone stays at the threshold.
  return identifier ? 0.75 : bareWelcome ? 0.5 : 0.45;
}

function detect(context: ConnectionContext, firstMessages: readonly MessageInput[]): number {
  const offered = offersProtocol(context, SUB_PROTOCOL);
  if (offered === 'chosen') return 0.95;
  if (context.protocol === UNSUPPORTED_SUB_PROTOCOL) return 0.9;
  if (offered === 'offered') return 0.85;
  const sniffed = sniff(firstMessages);
  // /cable is the Rails default mount path: it only adds to messages that already look like Action Cable.
  const cablePath = /\/cable\/?$/.test(context.url.split(/[?#]/, 1)[0] ?? '');
  return cablePath && sniffed > 0 ? Math.min(0.8, sniffed + 0.1) : sniffed;
}

export const actionCableDecoder: ProtocolDecoder<null> = {
  id: 'actioncable',
  name: 'Action Cable',
  detect,
  createState: () => null,
  decode: (message) => decode(message),
};
