// GraphQL over WebSocket, both dialects: graphql-transport-ws (the graphql-ws library, sub-protocol
// `graphql-transport-ws`) and the legacy subscriptions-transport-ws (Apollo, sub-protocol `graphql-ws`).
// Both send JSON objects `{type, id?, payload?}`; they differ in message types. An operation's id pairs
// its request (subscribe/start) with its results (next/data, error, complete).
import { chooseOperation, readGraphqlDocument, type OperationType } from './graphql-document.ts';
import { jsonChildren, jsonField, jsonScalar, type JsonValue } from './json.ts';
import {
  HEARTBEAT_FIELD,
  decodedMessage,
  describeKind,
  firstToSniff,
  offersProtocol,
  readJsonMessage,
  rememberBounded,
  sniffJson,
  stringField,
  undecodable,
} from './json-message.ts';
import type { ConnectionContext, DecodedItem, DecodedMessage, MessageInput, ProtocolDecoder, TreeNode } from './types.ts';

/** What a message type does, whichever dialect names it. */
type Role = 'init' | 'ack' | 'connection-error' | 'keepalive' | 'operation' | 'result' | 'error' | 'complete' | 'stop' | 'terminate';
type Sender = 'client' | 'server' | 'both';

interface Dialect {
  id: 'graphql-ws' | 'subscriptions-transport-ws';
  name: string;
  subProtocol: string;
  messages: ReadonlyMap<string, { role: Role; sender: Sender }>;
  /** Detection score when the first messages fit both dialects (only connection_init/ack so far). */
  ambiguousScore: number;
}

function messageTable(entries: [string, Role, Sender][]): ReadonlyMap<string, { role: Role; sender: Sender }> {
  return new Map(entries.map(([type, role, sender]) => [type, { role, sender }]));
}

const TRANSPORT_WS: Dialect = {
  id: 'graphql-ws',
  name: 'GraphQL over WebSocket (graphql-transport-ws)',
  subProtocol: 'graphql-transport-ws',
  messages: messageTable([
    ['connection_init', 'init', 'client'],
    ['connection_ack', 'ack', 'server'],
    ['ping', 'keepalive', 'both'],
    ['pong', 'keepalive', 'both'],
    ['subscribe', 'operation', 'client'],
    ['next', 'result', 'server'],
    ['error', 'error', 'server'],
    // From the server: the operation is done; from the client: it is cancelled.
    ['complete', 'complete', 'both'],
  ]),
  // The current protocol: preferred while the first messages fit both.
  ambiguousScore: 0.65,
};

const SUBSCRIPTIONS_TRANSPORT_WS: Dialect = {
  id: 'subscriptions-transport-ws',
  name: 'GraphQL subscriptions-transport-ws (legacy graphql-ws)',
  subProtocol: 'graphql-ws',
  messages: messageTable([
    ['connection_init', 'init', 'client'],
    ['connection_ack', 'ack', 'server'],
    ['connection_error', 'connection-error', 'server'],
    ['ka', 'keepalive', 'server'],
    ['start', 'operation', 'client'],
    ['data', 'result', 'server'],
    ['error', 'error', 'server'],
    ['complete', 'complete', 'server'],
    ['stop', 'stop', 'client'],
    ['connection_terminate', 'terminate', 'client'],
  ]),
  ambiguousScore: 0.6,
};

const NEEDS_ID = new Set<Role>(['operation', 'result', 'error', 'complete', 'stop']);

interface OperationInfo {
  type?: OperationType;
  name?: string;
}

export interface GraphqlState {
  /** Operation by id, so results and completes show which operation they belong to. */
  operations: Map<string, OperationInfo>;
}

/** A connection that never completes its operations does not grow the state without end. */
const MAX_TRACKED_OPERATIONS = 10_000;

export const CORRELATION_SCOPE = 'graphql';

function decode(dialect: Dialect, message: MessageInput, state: GraphqlState): DecodedMessage {
  const read = readJsonMessage(message);
  if (!read.ok) return undecodable(dialect.id, read.error);
  return decodedMessage(dialect.id, [decodeItem(dialect, read.value, message.direction, state)]);
}

function decodeItem(dialect: Dialect, value: JsonValue, direction: 'send' | 'receive', state: GraphqlState): DecodedItem {
  const tree = jsonChildren(value);
  if (value.kind !== 'object')
    return { type: 'invalid', fields: {}, tree, error: `a ${dialect.subProtocol} message is a JSON object, not ${describeKind(value)}` };
  const typeValue = jsonField(value, 'type');
  if (typeValue?.kind !== 'string') {
    const error = typeValue ? `'type' is ${describeKind(typeValue)}, not a string` : "no 'type' field";
    return { type: 'invalid', fields: {}, tree, error };
  }
  const type = typeValue.value;
  const known = dialect.messages.get(type);
  if (!known) return { type, fields: {}, tree, error: `'${type}' is not a ${dialect.subProtocol} message type` };

  const item: DecodedItem = { type, fields: {}, tree };
  const errors: string[] = [];
  const expected = known.sender === 'client' ? 'send' : known.sender === 'server' ? 'receive' : direction;
  if (expected !== direction) errors.push(`${type} comes from the ${known.sender}, but the ${known.sender === 'client' ? 'server' : 'client'} sent it`);

  const idValue = jsonField(value, 'id');
  const id = jsonScalar(idValue);
  if (NEEDS_ID.has(known.role)) {
    if (id === undefined) errors.push(idValue ? `${type}'s id is ${describeKind(idValue)}, not a string` : `${type} without an id`);
    else if (idValue?.kind !== 'string') errors.push(`${type}'s id is ${describeKind(idValue!)}, not a string`);
  }
  if (id !== undefined) {
    item.fields.id = id;
    item.key = id;
  }

  switch (known.role) {
    case 'keepalive':
      item.fields[HEARTBEAT_FIELD] = 'true';
      break;
    case 'operation': {
      const operation = describeOperation(type, jsonField(value, 'payload'), tree);
      if (operation.error) errors.push(operation.error);
      setOperationFields(item, operation.info);
      item.key = operation.info.name ?? `anonymous ${operation.info.type ?? 'operation'}`;
      if (id !== undefined) {
        rememberBounded(state.operations, id, operation.info, MAX_TRACKED_OPERATIONS);
        item.correlation = { role: 'request', scope: CORRELATION_SCOPE, id };
      }
      break;
    }
    case 'result':
    case 'error':
    case 'complete':
    case 'stop':
      if (id === undefined) break;
      setOperationFields(item, state.operations.get(id));
      // A client's complete or stop cancels the operation: it answers nothing.
      if (direction === 'receive') item.correlation = { role: 'response', scope: CORRELATION_SCOPE, id };
      if (known.role === 'complete' && direction === 'receive') state.operations.delete(id);
      break;
  }
  if (errors.length > 0) item.error = errors.join('; ');
  return item;
}

function setOperationFields(item: DecodedItem, info: OperationInfo | undefined): void {
  if (info?.name !== undefined) item.fields.operation = info.name;
  if (info?.type !== undefined) item.fields.type = info.type;
}

/**
 * The operation a subscribe/start payload runs. Puts an `operation` node first in `tree` and shows the
 * payload's query formatted.
 */
function describeOperation(type: string, payload: JsonValue | undefined, tree: TreeNode[]): { info: OperationInfo; error?: string } {
  if (payload?.kind !== 'object')
    return { info: {}, error: payload ? `${type}'s payload is ${describeKind(payload)}, not an object` : `${type} without a payload` };
  const operationName = stringField(payload, 'operationName');
  const query = jsonField(payload, 'query');
  const variables = jsonField(payload, 'variables');
  const info: OperationInfo = {};
  let error: string | undefined;
  if (query?.kind === 'string') {
    const document = readGraphqlDocument(query.value);
    const chosen = chooseOperation(document.operations, operationName);
    if (chosen) info.type = chosen.type;
    const name = operationName ?? chosen?.name;
    if (name !== undefined) info.name = name;
    showFormattedQuery(tree, document.formatted);
    if (document.operations.length === 0) error = 'payload.query defines no operation';
    else if (operationName !== undefined && !chosen) error = `payload.query has no operation named '${operationName}'`;
  } else if (jsonField(jsonField(payload, 'extensions'), 'persistedQuery')?.kind === 'object' && query === undefined) {
    // An automatic persisted query (Apollo): the server knows the document by its hash.
    if (operationName !== undefined) info.name = operationName;
  } else {
    error = query ? `payload.query is ${describeKind(query)}, not a string` : `${type} without payload.query`;
  }
  if (variables && variables.kind !== 'object' && variables.kind !== 'null') error ??= `payload.variables is ${describeKind(variables)}, not an object`;
  const label = [info.type ?? 'operation', info.name ?? '(anonymous)'].join(' ');
  tree.unshift({ label: 'operation', type: 'text', value: label });
  return error === undefined ? { info } : { info, error };
}

function showFormattedQuery(tree: TreeNode[], formatted: string): void {
  const payload = tree.find((node) => node.label === 'payload');
  const query = payload?.children?.find((node) => node.label === 'query');
  if (!query) return;
  query.value = formatted;
  query.type = 'text';
}

/** What the first messages say about the dialect: which types only one dialect has, and whether they look like GraphQL at all. */
interface Sniffed {
  /** Every message is a JSON object whose type belongs to one dialect or the other. */
  fits: boolean;
  transportOnly: number;
  subscriptionsOnly: number;
  /** A connection_init or an operation carrying a query: more than a stray `{"type":"ping"}`. */
  strong: boolean;
}

function sniff(firstMessages: readonly MessageInput[]): Sniffed {
  const sniffed: Sniffed = { fits: firstMessages.length > 0, transportOnly: 0, subscriptionsOnly: 0, strong: false };
  for (const message of firstToSniff(firstMessages)) {
    const read = sniffJson(message);
    const type = read.ok ? stringField(read.value, 'type') : undefined;
    const inTransport = type !== undefined && TRANSPORT_WS.messages.has(type);
    const inSubscriptions = type !== undefined && SUBSCRIPTIONS_TRANSPORT_WS.messages.has(type);
    if (!read.ok || (!inTransport && !inSubscriptions)) return { ...sniffed, fits: false };
    if (inTransport && !inSubscriptions) sniffed.transportOnly++;
    if (inSubscriptions && !inTransport) sniffed.subscriptionsOnly++;
    if (type === 'connection_init' && message.direction === 'send') sniffed.strong = true;
    if ((type === 'subscribe' || type === 'start') && jsonField(jsonField(read.value, 'payload'), 'query')?.kind === 'string') sniffed.strong = true;
  }
  return sniffed;
}

function detect(dialect: Dialect, sibling: Dialect, context: ConnectionContext, firstMessages: readonly MessageInput[]): number {
  const sniffed = sniff(firstMessages);
  const ownOnly = dialect === TRANSPORT_WS ? sniffed.transportOnly : sniffed.subscriptionsOnly;
  const siblingOnly = dialect === TRANSPORT_WS ? sniffed.subscriptionsOnly : sniffed.transportOnly;
  // Messages only this dialect has, none of the other's: they outweigh a sub-protocol name (servers
  // that accept the legacy name but speak the new protocol exist).
  const messagesAreOwn = sniffed.fits && ownOnly > 0 && siblingOnly === 0;
  const messagesAreSibling = sniffed.fits && siblingOnly > 0 && ownOnly === 0;
  const offered = offersProtocol(context, dialect.subProtocol);
  if (offered === 'chosen') return messagesAreSibling ? 0.6 : 0.95;
  if (offered === 'offered') return messagesAreSibling ? 0.6 : 0.85;
  if (offersProtocol(context, sibling.subProtocol)) return messagesAreOwn ? 0.96 : 0;
  if (!sniffed.fits || !sniffed.strong) return 0;
  if (messagesAreOwn) return 0.7;
  return ownOnly === 0 && siblingOnly === 0 ? dialect.ambiguousScore : 0;
}

function createState(): GraphqlState {
  return { operations: new Map() };
}

export const graphqlTransportWsDecoder: ProtocolDecoder<GraphqlState> = {
  id: TRANSPORT_WS.id,
  name: TRANSPORT_WS.name,
  detect: (context, firstMessages) => detect(TRANSPORT_WS, SUBSCRIPTIONS_TRANSPORT_WS, context, firstMessages),
  createState,
  decode: (message, state) => decode(TRANSPORT_WS, message, state),
};

export const subscriptionsTransportWsDecoder: ProtocolDecoder<GraphqlState> = {
  id: SUBSCRIPTIONS_TRANSPORT_WS.id,
  name: SUBSCRIPTIONS_TRANSPORT_WS.name,
  detect: (context, firstMessages) => detect(SUBSCRIPTIONS_TRANSPORT_WS, TRANSPORT_WS, context, firstMessages),
  createState,
  decode: (message, state) => decode(SUBSCRIPTIONS_TRANSPORT_WS, message, state),
};
