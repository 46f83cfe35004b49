// A Protocol Buffers schema as plain data: what the decoder needs of a user's .proto files (messages,
// fields, enums). Plain arrays and strings so it can be stored, posted to a worker or built in a test;
// src/panel/protocols/proto-schema.ts makes one from .proto text.

export type ProtoScalarType =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

export type ProtoFieldType = ProtoScalarType | 'message' | 'enum' | 'group';

export interface ProtoField {
  number: number;
  name: string;
  /** For a map field: the value's type. */
  type: ProtoFieldType;
  /** Full name (no leading dot) of the message, group or enum type, for those types. */
  typeName?: string;
  label: 'optional' | 'required' | 'repeated';
  /** Repeated scalars written packed (proto3's default). Decoding accepts both forms either way, as parsers must. */
  packed?: boolean;
  /** A map<key, value> field: repeated entries of key = 1, value = 2; `type` / `typeName` are the value's. */
  map?: { keyType: ProtoScalarType };
  /** The oneof this field belongs to (proto3 `optional` fields' synthetic oneofs are left out). */
  oneof?: string;
}

export interface ProtoMessageType {
  /** Full name, no leading dot: 'chat.v1.Envelope'. */
  name: string;
  fields: ProtoField[];
}

export interface ProtoEnumType {
  /** Full name, no leading dot. */
  name: string;
  values: { name: string; number: number }[];
}

export interface ProtoSchema {
  messages: ProtoMessageType[];
  enums: ProtoEnumType[];
}

/** A message type ready for decoding: its fields by number. */
export interface IndexedMessage {
  name: string;
  byNumber: Map<number, ProtoField>;
}

/** A schema's lookups, built once per schema. */
export interface SchemaIndex {
  messages: Map<string, IndexedMessage>;
  /** Enum value names by number (the first name, when aliases share a number). */
  enums: Map<string, Map<number, string>>;
}

const indexes = new WeakMap<ProtoSchema, SchemaIndex>();

export function indexSchema(schema: ProtoSchema): SchemaIndex {
  const cached = indexes.get(schema);
  if (cached) return cached;
  const messages = new Map<string, IndexedMessage>();
  for (const message of schema.messages)
    messages.set(message.name, { name: message.name, byNumber: new Map(message.fields.map((field) => [field.number, field])) });
  const enums = new Map<string, Map<number, string>>();
  for (const type of schema.enums) {
    const values = new Map<number, string>();
    for (const value of type.values) if (!values.has(value.number)) values.set(value.number, value.name);
    enums.set(type.name, values);
  }
  const index = { messages, enums };
  indexes.set(schema, index);
  return index;
}

/** Scalars a packed repeated field may hold: every numeric type, bool and enums. */
export function isPackable(type: ProtoFieldType): boolean {
  return type !== 'string' && type !== 'bytes' && type !== 'message' && type !== 'group';
}
