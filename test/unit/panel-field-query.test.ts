import { expect, test } from 'vitest';
import { parseFieldQuery, termsMatcher } from '../../src/panel/protocols/field-query';
import type { DecodedMessage } from '../../src/protocols/types';

const matchesTerms = (decoded: DecodedMessage | undefined, text: string) => termsMatcher(parseFieldQuery(text)!)(decoded);

const phoenixReply: DecodedMessage = {
  protocol: 'phoenix',
  summary: 'phx_reply room:lobby',
  items: [{ type: 'phx_reply', key: 'room:lobby', fields: { event: 'phx_reply', ref: '12', status: 'error', reason: 'Unauthorized' }, tree: [] }],
};

test('field terms, quoted values and several terms; any unknown field makes the whole text a plain text filter', () => {
  expect(parseFieldQuery('event:"chat message" topic:sensors/')).toEqual([
    { field: 'event', value: 'chat message' },
    { field: 'topic', value: 'sensors/' },
  ]);
  expect(parseFieldQuery('status:error ref:12')).toEqual([
    { field: 'status', value: 'error' },
    { field: 'ref', value: '12' },
  ]);
  expect(parseFieldQuery('colour:red')).toBeUndefined();
  expect(parseFieldQuery('event:chat hello')).toBeUndefined();
  expect(parseFieldQuery('')).toBeUndefined();
});

test('a reply is found by its status, ref and reason, case-insensitively and by part of the value; every term must hold', () => {
  expect(matchesTerms(phoenixReply, 'status:error')).toBe(true);
  expect(matchesTerms(phoenixReply, 'reason:unauth ref:12')).toBe(true);
  expect(matchesTerms(phoenixReply, 'status:ok')).toBe(false);
  expect(matchesTerms(phoenixReply, 'status:error ref:13')).toBe(false);
  expect(matchesTerms(phoenixReply, 'protocol:phoenix type:phx_reply key:lobby')).toBe(true);
  expect(matchesTerms(undefined, 'status:error')).toBe(false);
});

test('a value is matched literally: characters that mean something in a pattern are plain characters', () => {
  const publish: DecodedMessage = {
    protocol: 'mqtt',
    summary: 'PUBLISH sensors/+/temp',
    items: [{ type: 'PUBLISH', key: 'sensors/+/temp', fields: { topic: 'sensors/+/temp', qos: '1' }, tree: [] }],
  };
  expect(matchesTerms(publish, 'topic:sensors/+/')).toBe(true);
  expect(matchesTerms(publish, 'topic:s.nsors')).toBe(false);
  expect(matchesTerms(publish, 'type:publish qos:1')).toBe(true);
});

test("a decoder's own field named like a built-in one is matched too: a SignalR handshake by the protocol it asks for", () => {
  const handshake: DecodedMessage = {
    protocol: 'signalr-msgpack',
    summary: 'handshake messagepack',
    items: [{ type: 'handshake', key: 'messagepack', fields: { protocol: 'messagepack', version: '1' }, tree: [] }],
  };
  expect(matchesTerms(handshake, 'protocol:messagepack')).toBe(true);
  expect(matchesTerms(handshake, 'protocol:signalr-msgpack')).toBe(true);
  expect(matchesTerms(handshake, 'protocol:json')).toBe(false);
});
