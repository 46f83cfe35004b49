// The page hook's shape check of commands from the content script: what crosses the channel is
// untrusted page-world data until checked here. Pure (no socket or DOM), so it is unit-tested alone.
import type { PayloadInput, SocketCommand } from '../shared/messages';
import { getOwnPropertyDescriptor, isArray } from '../worlds/pristine';

/** Reads an own property only: a missing field must not reach getters a page put on Object.prototype. */
function field(value: object, name: string): unknown {
  return getOwnPropertyDescriptor(value, name)?.value;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function parsePayloadInput(value: unknown): PayloadInput | null {
  if (typeof value !== 'object' || value === null) return null;
  const kind = field(value, 'kind');
  const data = field(value, 'data');
  if ((kind !== 'text' && kind !== 'binary') || !isString(data)) return null;
  return { kind, data };
}

/** Shape-checks a command; null for anything that isn't one. */
export function parseCommand(value: unknown): SocketCommand | null {
  if (typeof value !== 'object' || value === null) return null;
  const t = field(value, 't');
  if (t === 'config') {
    const maxPayloadBytes = field(value, 'maxPayloadBytes');
    if (typeof maxPayloadBytes !== 'number' || !(maxPayloadBytes >= 0) || maxPayloadBytes % 1 !== 0) return null;
    return { t, maxPayloadBytes };
  }
  const id = field(value, 'id');
  if (!isString(id)) return null;
  if (t === 'connect') {
    const url = field(value, 'url');
    const protocols = field(value, 'protocols');
    const holderOf = field(value, 'holderOf');
    if (!isString(url) || !isArray(protocols) || (holderOf !== undefined && !isString(holderOf))) return null;
    const list: string[] = []; // a real array: the WebSocket constructor iterates it
    for (let index = 0; index < protocols.length; index++) {
      const protocol: unknown = protocols[index];
      if (!isString(protocol)) return null;
      list[index] = protocol;
    }
    return holderOf === undefined ? { t, id, url, protocols: list } : { t, id, url, protocols: list, holderOf };
  }
  if (t === 'send' || t === 'inject') {
    const conn = field(value, 'conn');
    const payload = parsePayloadInput(field(value, 'payload'));
    if (!isString(conn) || !payload) return null;
    return { t, id, conn, payload };
  }
  return null;
}
