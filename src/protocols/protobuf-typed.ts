// Protocol Buffers with a schema: fields by name, enums by value name, nested messages and groups by
// type, repeated fields (packed or not) as lists, maps as key → value, oneof members under their oneof,
// 64-bit integers exact. Fields the schema does not know are shown as the wire says (guessed).
import { hexBytes, strictUtf8 } from './binary-display.ts';
import { guessNode } from './protobuf-guess.ts';
import { doubleText, fixed32Of, fixed64Of, floatText, int32Of, int64Text, uint32Of, uint64Text, zigzagText } from './protobuf-numbers.ts';
import { isPackable, type IndexedMessage, type ProtoField, type ProtoFieldType, type SchemaIndex } from './protobuf-schema.ts';
import { MAX_DEPTH, parsePackedVarints, parseWire, type Varint, type WireField } from './protobuf-wire.ts';
import type { TreeNode } from './types.ts';

/** Where a value's type comes from: a field, or a map entry's key or value. */
interface ValueType {
  type: ProtoFieldType;
  typeName?: string;
}

type WireKind = WireField['kind'];

const WIRE_KIND: Record<ProtoFieldType, WireKind> = {
  int32: 'varint',
  int64: 'varint',
  uint32: 'varint',
  uint64: 'varint',
  sint32: 'varint',
  sint64: 'varint',
  bool: 'varint',
  enum: 'varint',
  fixed64: 'fixed64',
  sfixed64: 'fixed64',
  double: 'fixed64',
  fixed32: 'fixed32',
  sfixed32: 'fixed32',
  float: 'fixed32',
  string: 'length-delimited',
  bytes: 'length-delimited',
  message: 'length-delimited',
  group: 'group',
};

/** Decodes with a schema, collecting problems with the path of the field they concern. */
export class TypedDecoder {
  readonly problems: string[] = [];

  constructor(private readonly index: SchemaIndex) {}

  /** The tree of a message's fields; `oneofs` receives the names of the oneof members set. */
  message(fields: readonly WireField[], type: IndexedMessage, path: string, depth: number, oneofs?: string[]): TreeNode[] {
    const byNumber = new Map<number, WireField[]>();
    for (const field of fields) {
      const list = byNumber.get(field.number);
      if (list) list.push(field);
      else byNumber.set(field.number, [field]);
    }
    const nodes: TreeNode[] = [];
    for (const [number, occurrences] of byNumber) {
      const field = type.byNumber.get(number);
      if (!field) {
        for (const occurrence of occurrences) nodes.push(guessNode(occurrence, `${number} unknown`, depth + 1));
        continue;
      }
      const fieldPath = path ? `${path}.${field.name}` : field.name;
      const fieldNodes = this.field(field, occurrences, fieldPath, depth);
      if (field.oneof) {
        if (oneofs && !oneofs.includes(field.name)) oneofs.push(field.name);
        nodes.push(...fieldNodes.map((node) => ({ label: field.oneof!, type: 'object' as const, children: [node] })));
      } else nodes.push(...fieldNodes);
    }
    return nodes;
  }

  private field(field: ProtoField, occurrences: readonly WireField[], path: string, depth: number): TreeNode[] {
    if (field.map) {
      const keyType: ValueType = { type: field.map.keyType };
      const entries = occurrences.flatMap((occurrence) => this.mapEntry(field, keyType, occurrence, path, depth));
      return [{ label: field.name, type: 'object', children: entries }];
    }
    if (field.label === 'repeated') {
      const values = occurrences.flatMap((occurrence) => this.repeated(field, occurrence, path, depth));
      return [{ label: field.name, type: 'array', children: values.map((node, index) => ({ ...node, label: String(index) })) }];
    }
    return occurrences.map((occurrence) => this.value(field, occurrence, field.name, path, depth));
  }

  /** One occurrence of a repeated field: one value, or a packed run of them. */
  private repeated(field: ProtoField, occurrence: WireField, path: string, depth: number): TreeNode[] {
    if (occurrence.kind !== 'length-delimited' || !isPackable(field.type)) return [this.value(field, occurrence, field.name, path, depth)];
    const kind = WIRE_KIND[field.type];
    const { bytes } = occurrence;
    if (kind === 'varint') {
      const packed = parsePackedVarints(bytes);
      if (!packed.ok) {
        this.problems.push(`${path}: packed ${field.type} values: ${packed.error}`);
        return [{ label: field.name, type: 'bytes', value: hexBytes(bytes) }];
      }
      return packed.values.map((value) => this.fromVarint(field, value, field.name, path));
    }
    const size = kind === 'fixed32' ? 4 : 8;
    if (bytes.length % size !== 0) {
      this.problems.push(`${path}: packed ${field.type} values take ${bytes.length} bytes, not a multiple of ${size}`);
      return [{ label: field.name, type: 'bytes', value: hexBytes(bytes) }];
    }
    const values: TreeNode[] = [];
    for (let at = 0; at < bytes.length; at += size) values.push(this.fromFixed(size, bytes.subarray(at, at + size), field.type, field.name));
    return values;
  }

  private mapEntry(field: ProtoField, keyType: ValueType, occurrence: WireField, path: string, depth: number): TreeNode[] {
    if (occurrence.kind !== 'length-delimited') {
      this.problems.push(`${path}: a map entry came as ${occurrence.kind}, not length-delimited`);
      return [guessNode(occurrence, field.name, depth + 1)];
    }
    const entry = parseWire(occurrence.bytes);
    if (!entry.ok) {
      this.problems.push(`${path}: map entry at byte ${entry.offset}: ${entry.error}`);
      return [{ label: field.name, type: 'bytes', value: hexBytes(occurrence.bytes) }];
    }
    // The last key and value win, as when parsing; a missing one is its type's default.
    const key = entry.fields.findLast((part) => part.number === 1);
    const value = entry.fields.findLast((part) => part.number === 2);
    const keyText = key
      ? (this.value(keyType, key, 'key', `${path}[key]`, depth).value ?? '')
      : keyType.type === 'string'
        ? ''
        : keyType.type === 'bool'
          ? 'false'
          : '0';
    if (!value) return [{ label: keyText, type: 'null', value: '(no value: the default)' }];
    return [this.value(field, value, keyText, `${path}[${keyText}]`, depth)];
  }

  /** One value of `type` from one wire field, labelled `label`. */
  private value(type: ValueType, wire: WireField, label: string, path: string, depth: number): TreeNode {
    const expected = WIRE_KIND[type.type];
    if (wire.kind !== expected) {
      this.problems.push(`${path}: ${type.type} expects a ${expected} value but came as ${wire.kind}`);
      return guessNode(wire, label, depth + 1);
    }
    switch (wire.kind) {
      case 'varint':
        return this.fromVarint(type, wire.value, label, path);
      case 'fixed32':
        return this.fromFixed(4, wire.bytes, type.type, label);
      case 'fixed64':
        return this.fromFixed(8, wire.bytes, type.type, label);
      case 'group':
        return this.nested(type, label, path, depth, (message) => this.message(wire.fields, message, path, depth + 1));
      case 'length-delimited':
        return this.fromBytes(type, wire.bytes, label, path, depth);
    }
  }

  private fromVarint(type: ValueType, value: Varint, label: string, path: string): TreeNode {
    switch (type.type) {
      case 'int32':
        return { label, type: 'number', value: String(int32Of(value)) };
      case 'uint32':
        return { label, type: 'number', value: String(uint32Of(value)) };
      case 'int64':
        return { label, type: 'number', value: int64Text(value) };
      case 'uint64':
        return { label, type: 'number', value: uint64Text(value) };
      case 'sint32':
        return { label, type: 'number', value: zigzagText(uint32Of(value)) };
      case 'sint64':
        return { label, type: 'number', value: zigzagText(value) };
      case 'bool':
        return { label, type: 'boolean', value: String(uint64Text(value) !== '0') };
      default: {
        const number = int32Of(value);
        const name = type.typeName ? this.index.enums.get(type.typeName)?.get(number) : undefined;
        if (type.typeName && !this.index.enums.has(type.typeName)) this.problems.push(`${path}: enum type ${type.typeName} is not in the schema`);
        return { label, type: 'text', value: name === undefined ? `${number} (not a value of ${type.typeName ?? 'the enum'})` : `${name} (${number})` };
      }
    }
  }

  /** A 4- or 8-byte little-endian value as `type` reads it. */
  private fromFixed(size: 4 | 8, bytes: Uint8Array, type: ProtoFieldType, label: string): TreeNode {
    if (size === 4) {
      const { unsigned, signed, float } = fixed32Of(bytes);
      return { label, type: 'number', value: type === 'float' ? floatText(float) : String(type === 'sfixed32' ? signed : unsigned) };
    }
    const { unsigned, signed, double } = fixed64Of(bytes);
    return { label, type: 'number', value: type === 'double' ? doubleText(double) : type === 'sfixed64' ? signed : unsigned };
  }

  private fromBytes(type: ValueType, bytes: Uint8Array, label: string, path: string, depth: number): TreeNode {
    if (type.type === 'string') {
      const text = strictUtf8(bytes);
      if (text !== undefined) return { label, type: 'string', value: text };
      this.problems.push(`${path}: string is not well-formed UTF-8`);
      return { label, type: 'bytes', value: hexBytes(bytes) };
    }
    if (type.type === 'bytes') return { label, type: 'bytes', value: hexBytes(bytes) };
    return this.nested(type, label, path, depth, (message) => {
      const parsed = parseWire(bytes);
      const nodes = this.message(parsed.fields, message, path, depth + 1);
      if (!parsed.ok) {
        this.problems.push(`${path}: at byte ${parsed.offset} of ${message.name}: ${parsed.error}`);
        nodes.push({ label: 'unparsed bytes', type: 'bytes', value: hexBytes(bytes.subarray(parsed.offset)) });
      }
      return nodes;
    });
  }

  /** A message or group value: its type's fields, or what the wire says when the type is missing. */
  private nested(type: ValueType, label: string, path: string, depth: number, read: (message: IndexedMessage) => TreeNode[]): TreeNode {
    if (depth >= MAX_DEPTH) {
      this.problems.push(`${path}: messages nested deeper than ${MAX_DEPTH}`);
      return { label, type: 'text', value: '(too deep)' };
    }
    const message = type.typeName ? this.index.messages.get(type.typeName) : undefined;
    if (message) return { label, type: 'object', children: read(message) };
    this.problems.push(`${path}: message type ${type.typeName ?? '(unnamed)'} is not in the schema`);
    return { label, type: 'object', children: read({ name: type.typeName ?? '', byNumber: new Map() }) };
  }
}
