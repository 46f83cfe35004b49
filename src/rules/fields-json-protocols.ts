// Fields of the JSON protocols, from the message's parsed JSON: GraphQL over WebSocket's `operation`
// (both dialects: graphql-transport-ws subscribe/next/error/complete, subscriptions-transport-ws
// start/data/error/complete/stop) and JSON-RPC's `method`. Results carry only an id, so each connection
// remembers the names its requests gave to their ids (IdNames), as the panel's decoders do.
import { addPair, isSpace, type FieldPairs } from './field-text';
import { stringifyJson, type JsonValue } from './json-path';
import { NativeMap, isArray, mapGet, mapSet, stringCharCodeAt, stringSlice } from '../worlds/pristine';
import type { Direction } from '../shared/models';

/** Ids to names, bounded: a connection that never answers cannot make it grow without end. */
export class IdNames {
  private names = new NativeMap<string, string>();
  private count = 0;

  remember(id: string, name: string): void {
    if (++this.count > 4096) {
      this.names = new NativeMap<string, string>();
      this.count = 1;
    }
    mapSet(this.names, id, name);
  }

  nameOf(id: string): string | undefined {
    return mapGet(this.names, id);
  }
}

type JsonObject = Record<string, JsonValue>;

/** An own field of a parsed object (parsed objects have no prototype: nothing is inherited). */
function objectOf(value: JsonValue): JsonObject | null {
  return typeof value === 'object' && value !== null && !isArray(value) ? (value as JsonObject) : null;
}

function idText(value: JsonValue): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? stringifyJson(value) : undefined;
}

export function graphqlFields(json: JsonValue, ids: IdNames, pairs: FieldPairs): void {
  const message = objectOf(json);
  if (message === null) return;
  const type = message.type;
  const id = idText(message.id);
  let name: string | undefined;
  if (type === 'subscribe' || type === 'start') {
    const payload = objectOf(message.payload);
    if (payload === null) return;
    name = typeof payload.operationName === 'string' && payload.operationName !== '' ? payload.operationName : undefined;
    if (name === undefined && typeof payload.query === 'string') name = firstOperationName(payload.query);
    if (name !== undefined && id !== undefined) ids.remember(id, name);
  } else if (id !== undefined && (type === 'next' || type === 'data' || type === 'error' || type === 'complete' || type === 'stop')) {
    name = ids.nameOf(id);
  }
  if (name !== undefined) addPair(pairs, 'operation', name);
}

export function jsonRpcFields(json: JsonValue, dir: Direction, ids: IdNames, pairs: FieldPairs): void {
  if (isArray(json)) {
    for (let index = 0; index < json.length; index++) jsonRpcEntry(json[index], dir, ids, pairs);
  } else jsonRpcEntry(json, dir, ids, pairs);
}

function jsonRpcEntry(json: JsonValue, dir: Direction, ids: IdNames, pairs: FieldPairs): void {
  const entry = objectOf(json);
  if (entry === null) return;
  const id = idText(entry.id);
  if (typeof entry.method === 'string') {
    addPair(pairs, 'method', entry.method);
    // A request's id, under the direction it went: the answer comes the other way.
    if (id !== undefined) ids.remember(dir + id, entry.method);
  } else if (id !== undefined && (entry.result !== undefined || entry.error !== undefined)) {
    const method = ids.nameOf((dir === 'send' ? 'receive' : 'send') + id);
    if (method !== undefined) addPair(pairs, 'method', method);
  }
}

function isNameChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

/**
 * The name of a GraphQL document's first operation (`query|mutation|subscription Name`), undefined for an
 * anonymous one. Strings, block strings and comments are skipped, fragments passed over; no validation.
 */
export function firstOperationName(query: string): string | undefined {
  let depth = 0;
  let inFragment = false;
  let expectName = false;
  let at = 0;
  while (at < query.length) {
    const code = stringCharCodeAt(query, at);
    if (isSpace(code) || code === 0x2c || code === 0xfeff) {
      at++;
    } else if (code === 0x23) {
      while (at < query.length && stringCharCodeAt(query, at) !== 0x0a) at++;
    } else if (code === 0x22) {
      at = afterString(query, at);
    } else if (isNameChar(code)) {
      const start = at;
      while (at < query.length && isNameChar(stringCharCodeAt(query, at))) at++;
      if (depth > 0) continue;
      const word = stringSlice(query, start, at);
      if (expectName) return word;
      if (word === 'fragment') inFragment = true;
      else if (!inFragment && (word === 'query' || word === 'mutation' || word === 'subscription')) expectName = true;
    } else {
      if (depth === 0 && expectName) return undefined; // `query {` or `query (`: anonymous
      if (code === 0x7b) {
        if (depth === 0 && !inFragment) return undefined; // a bare `{ … }` is an anonymous query
        depth++;
      } else if (code === 0x7d && depth > 0 && --depth === 0) inFragment = false;
      at++;
    }
  }
  return undefined;
}

function afterString(text: string, at: number): number {
  const block = at + 2 < text.length && stringCharCodeAt(text, at + 1) === 0x22 && stringCharCodeAt(text, at + 2) === 0x22;
  at += block ? 3 : 1;
  while (at < text.length) {
    const code = stringCharCodeAt(text, at);
    if (code === 0x5c) at += 2;
    else if (code === 0x22 && (!block || (at + 2 < text.length && stringCharCodeAt(text, at + 1) === 0x22 && stringCharCodeAt(text, at + 2) === 0x22)))
      return at + (block ? 3 : 1);
    else if (code === 0x0a && !block) return at;
    else at++;
  }
  return at;
}
