// Protocol Buffers through a real WebSocket: a client and our protobuf chat server exchange
// protobufjs-encoded envelopes via the recording proxy; the recording is decoded with the schema made
// from the .proto files (per direction) and without it.
import { afterAll, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { decodeProtobuf, protobufDecoderWithSchema } from '../../src/protocols/protobuf';
import type { MessageInput } from '../../src/protocols/types';
import { encodeAs, fixtureRoot, fixtureSchema } from '../unit/proto-fixtures';
import { valueAt } from '../unit/protocol-test-helpers';
import { startRecordingProxy } from './recording-proxy';
import { startProtobufChatServer } from './servers/protobuf';

const root = fixtureRoot();
const server = await startProtobufChatServer(root);
const proxy = await startRecordingProxy(server.url.replace(/\/chat$/, ''));
afterAll(async () => {
  await proxy.close();
  await server.close();
});

test('a chat session read with the schema per direction, and without it', async () => {
  const client = new WebSocket(`${proxy.wsUrl}/chat`, ['chat.v1.proto']);
  await new Promise((resolve) => client.once('message', resolve));
  expect(client.protocol).toBe('chat.v1.proto');
  client.send(encodeAs(root, 'chat.v1.Envelope', { chat: { text: 'hello', author: { id: '18446744073709551615', name: 'Ada' }, labels: { room: 'lobby' } } }));
  const [connection] = proxy.connections;
  await vi.waitFor(() => expect(connection!.messages.filter((message) => message.direction === 'receive')).toHaveLength(3));
  client.close();

  const inputs: MessageInput[] = connection!.messages.map((m) => ({ direction: m.direction, kind: 'binary', bytes: m.bytes! }));
  const decoder = protobufDecoderWithSchema({ schema: fixtureSchema(), send: 'chat.v1.Envelope', receive: 'chat.v1.Envelope' });
  expect(decoder.detect(connection!, inputs)).toBeGreaterThan(0.5);
  const decoded = inputs.map((input) => decoder.decode(input, null, connection!));
  expect(decoded.map((message) => [message.summary, message.items[0]!.error])).toEqual([
    ['Envelope notice', undefined],
    ['Envelope chat', undefined],
    ['Envelope chat', undefined],
    ['Envelope ping', undefined],
  ]);
  const sent = decoded.find((_message, index) => inputs[index]!.direction === 'send')!.items[0]!;
  expect(valueAt(sent, 'payload', 'chat', 'author', 'id')).toBe('18446744073709551615');
  expect(valueAt(sent, 'payload', 'chat', 'labels', 'room')).toBe('lobby');
  const echoed = decoded.filter((_message, index) => inputs[index]!.direction === 'receive')[1]!.items[0]!;
  expect(valueAt(echoed, 'payload', 'chat', 'id')).toBe('9007199254740991');
  expect(valueAt(echoed, 'payload', 'chat', 'text')).toBe('hello');

  const sentBytes = connection!.messages.find((message) => message.direction === 'send')!.bytes!;
  const withoutSchema = decodeProtobuf(sentBytes);
  expect(withoutSchema.items[0]!.error).toBeUndefined();
  expect(valueAt(withoutSchema.items[0]!, '1 (message)', '3 (string)')).toBe('hello');
});
