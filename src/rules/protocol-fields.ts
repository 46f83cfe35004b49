// Protocol-field conditions in the page: what a rule naming a protocol's field (Socket.IO's event, STOMP's
// destination, MQTT's topic, GraphQL's operation, JSON-RPC's method) reads of a message. No decoder runs
// here (src/protocols/ is the panel's, built on page-patchable built-ins, and large): each protocol has a
// reader for just its listed fields (PROTOCOL_FIELDS), called only for messages of sockets a rule naming
// that protocol fits, once per message whatever the number of such rules. A connection's ProtocolWatch
// keeps what readers need across messages (ids of GraphQL and JSON-RPC requests, MQTT packets split
// across messages), made for the protocols its rules name, on first use.
import { PROTOCOL_FIELDS, type FieldProtocol } from '../shared/intercept';
import type { Direction } from '../shared/models';
import { newPairs, type FieldPairs } from './field-text';
import { IdNames, graphqlFields, jsonRpcFields } from './fields-json-protocols';
import { mqttFields, newMqttState, type MqttState } from './fields-mqtt';
import { socketIoFields } from './fields-socket-io';
import { stompFields } from './fields-stomp';
import { matchesUrlPattern } from './glob';
import type { JsonValue } from './json-path';
import { getOwnPropertyDescriptor, objectKeys, stringIncludes } from '../worlds/pristine';

/** A binary message's bytes, and how many (read once: a page may redefine a typed array's `length`). */
export interface ByteView {
  bytes: Uint8Array;
  length: number;
}

/** A message as field readers see it. */
export interface FieldSource {
  dir: Direction;
  /** The text, or null for a binary message. */
  text: string | null;
  binary(): ByteView | null;
  json(): JsonValue | undefined;
}

/** What a connection's readers remember across its messages. */
export class ProtocolWatch {
  mqtt: MqttState | null = null;
  graphql: IdNames | null = null;
  jsonRpc: IdNames | null = null;
}

/** Whether `field` is one PROTOCOL_FIELDS lists for `protocol` (own fields only: the page's realm). */
export function isProtocolField(protocol: string, field: string): protocol is FieldProtocol {
  const fields = getOwnPropertyDescriptor(PROTOCOL_FIELDS, protocol)?.value as readonly string[] | undefined;
  if (fields === undefined) return false;
  for (let index = 0; index < fields.length; index++) if (fields[index] === field) return true;
  return false;
}

/** Why a protocol/field pair is refused, naming what would do. */
export function protocolFieldProblem(protocol: string, field: string): string {
  const fields = getOwnPropertyDescriptor(PROTOCOL_FIELDS, protocol)?.value as readonly string[] | undefined;
  if (fields === undefined) return `no fields of protocol "${protocol}" can be matched (${listed(objectKeys(PROTOCOL_FIELDS))})`;
  return `${protocol} has no field "${field}" to match (${listed(fields)})`;
}

function listed(names: readonly string[]): string {
  let text = '';
  for (let index = 0; index < names.length; index++) text += (index > 0 ? ', ' : '') + names[index]!;
  return text;
}

/** Protocols whose readers keep state: every message of the connection must pass them, in order. */
export function keepsState(protocol: FieldProtocol): boolean {
  return protocol === 'mqtt' || protocol === 'graphql' || protocol === 'json-rpc';
}

/** A quoted key the text must hold for the message to be worth parsing (unless it escapes something). */
function mentions(text: string, key: string): boolean {
  return stringIncludes(text, key) || stringIncludes(text, '\\');
}

/** The message's fields for `protocol`; a message that is not that protocol's has none. */
export function readFields(protocol: FieldProtocol, source: FieldSource, watch: ProtocolWatch): FieldPairs {
  const pairs = newPairs();
  const text = source.text;
  switch (protocol) {
    case 'socket.io':
      if (text !== null) socketIoFields(text, pairs);
      break;
    case 'stomp':
      stompFields(text, text === null ? source.binary() : null, () => source.json(), pairs);
      break;
    case 'mqtt':
      if (text === null) {
        const binary = source.binary();
        if (binary !== null) mqttFields(binary, source.dir, (watch.mqtt ??= newMqttState()), pairs);
      }
      break;
    case 'graphql':
      if (text !== null && mentions(text, '"type"')) {
        const json = source.json();
        if (json !== undefined) graphqlFields(json, (watch.graphql ??= new IdNames()), pairs);
      }
      break;
    case 'json-rpc':
      if (text !== null && (mentions(text, '"method"') || mentions(text, '"id"'))) {
        const json = source.json();
        if (json !== undefined) jsonRpcFields(json, source.dir, (watch.jsonRpc ??= new IdNames()), pairs);
      }
      break;
  }
  return pairs;
}

/** Whether one of the pairs is `field` with a value fitting `pattern` (`*` any run of characters). */
export function hasField(pairs: FieldPairs, field: string, pattern: string): boolean {
  for (let index = 0; index + 1 < pairs.length; index += 2) if (pairs[index] === field && matchesUrlPattern(pattern, pairs[index + 1]!)) return true;
  return false;
}
