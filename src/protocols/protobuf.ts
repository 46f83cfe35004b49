// Protocol Buffers over WebSocket, one message per WebSocket message. Without a schema the wire format
// alone is shown (field numbers, each value's possible readings, nested messages guessed); with a
// ProtoSchema and the message type each direction carries, fields, enums and nested types are named.
import { hexBytes } from './binary-display.ts';
import { guessNodes } from './protobuf-guess.ts';
import { indexSchema, type ProtoSchema } from './protobuf-schema.ts';
import { TypedDecoder } from './protobuf-typed.ts';
import { parseWire } from './protobuf-wire.ts';
import { summarize, type ConnectionContext, type DecodedItem, type DecodedMessage, type MessageInput, type ProtocolDecoder } from './types.ts';

/** The schema and the message type (full name) each direction carries; a direction without one is decoded without schema. */
export interface ProtoBinding {
  schema: ProtoSchema;
  send?: string;
  receive?: string;
}

/** Decodes one message's bytes, as `typeName` of `schema` when both are given. Never throws. */
export function decodeProtobuf(bytes: Uint8Array, schema?: ProtoSchema, typeName?: string): DecodedMessage {
  let item: DecodedItem;
  try {
    item = schema && typeName ? typedItem(bytes, schema, typeName) : untypedItem(bytes);
  } catch (error) {
    return failed(`decoder failure: ${String(error)}`);
  }
  return { protocol: 'protobuf', summary: summarize([item]), items: [item] };
}

function untypedItem(bytes: Uint8Array): DecodedItem {
  const parsed = parseWire(bytes);
  const tree = guessNodes(parsed.fields);
  const numbers = [...new Set(parsed.fields.map((field) => field.number))];
  const item: DecodedItem = { type: 'message', fields: { type: 'message' }, tree };
  item.key =
    numbers.length === 0
      ? '(empty)'
      : numbers.length > 6
        ? `${numbers
            .slice(0, 6)
            .map((n) => `#${n}`)
            .join(' ')} …`
        : numbers.map((n) => `#${n}`).join(' ');
  if (!parsed.ok) addUnparsed(item, bytes, parsed.offset, parsed.error);
  return item;
}

function typedItem(bytes: Uint8Array, schema: ProtoSchema, typeName: string): DecodedItem {
  const index = indexSchema(schema);
  const type = index.messages.get(typeName);
  if (!type) {
    const item = untypedItem(bytes);
    item.error = [`message type ${typeName} is not in the schema: shown without it`, item.error].filter(Boolean).join('; ');
    return item;
  }
  const parsed = parseWire(bytes);
  const decoder = new TypedDecoder(index);
  const oneofs: string[] = [];
  const tree = decoder.message(parsed.fields, type, '', 0, oneofs);
  const item: DecodedItem = { type: typeName.slice(typeName.lastIndexOf('.') + 1), fields: { type: typeName }, tree };
  if (oneofs.length > 0) {
    item.key = oneofs.join(', ');
    item.fields.oneof = item.key;
  }
  if (decoder.problems.length > 0) item.error = decoder.problems.join('; ');
  if (!parsed.ok) addUnparsed(item, bytes, parsed.offset, parsed.error);
  return item;
}

/** The wire format broke at `offset`: say where and how, and keep the bytes not read. */
function addUnparsed(item: DecodedItem, bytes: Uint8Array, offset: number, error: string): void {
  item.tree.push({ label: 'unparsed bytes', type: 'bytes', value: hexBytes(bytes.subarray(offset)) });
  item.error = [item.error, `at byte ${offset}: ${error}`].filter(Boolean).join('; ');
}

function failed(error: string): DecodedMessage {
  return { protocol: 'protobuf', summary: summarize([], error), items: [], error };
}

function decodeInput(message: MessageInput, binding?: ProtoBinding): DecodedMessage {
  if (message.kind === 'text') return failed('Protocol Buffers messages are binary; this one is text');
  return decodeProtobuf(message.bytes, binding?.schema, binding?.[message.direction]);
}

const PROTO_SUBPROTOCOL = /proto/i;

function detectProtobuf(context: ConnectionContext, firstMessages: readonly MessageInput[]): number {
  if (PROTO_SUBPROTOCOL.test(context.protocol)) return 0.8;
  // No magic number: bytes that happen to parse are weak evidence, kept below the detection threshold so
  // the user picks Protocol Buffers (and a schema) rather than every binary socket being read as it.
  const binary = firstMessages.filter((message) => message.kind === 'binary');
  if (binary.length === 0 || binary.length < firstMessages.length) return 0;
  const parses = binary.every((message) => message.bytes.length > 0 && parseWire(message.bytes, true).ok);
  return parses ? 0.3 : 0;
}

/** Protocol Buffers without a schema: the registry's entry. */
export const protobufDecoder: ProtocolDecoder<null> = {
  id: 'protobuf',
  name: 'Protocol Buffers',
  detect: detectProtobuf,
  createState: () => null,
  decode: (message) => decodeInput(message),
};

/** Protocol Buffers read with a user's schema: the panel builds one per connection that has a binding. */
export function protobufDecoderWithSchema(binding: ProtoBinding): ProtocolDecoder<null> {
  return { ...protobufDecoder, decode: (message) => decodeInput(message, binding) };
}
