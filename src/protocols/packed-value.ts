// One value model for the binary serializations (MessagePack, CBOR), so SignalR and WAMP read either alike:
// integers exact (bigint: 64-bit ids and CBOR bignums keep every digit), bytes stay bytes, map keys of any type.
import type { TreeNode } from './types.ts';

export type PackedValue =
  | { kind: 'null' }
  /** CBOR's `undefined` (simple value 23). */
  | { kind: 'undefined' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'integer'; value: bigint }
  | { kind: 'float'; value: number; precision: 'half' | 'single' | 'double' }
  /** `valid` false: the bytes were not UTF-8 and `value` has U+FFFD in their place. */
  | { kind: 'string'; value: string; valid: boolean }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'array'; items: PackedValue[] }
  | { kind: 'map'; entries: [PackedValue, PackedValue][] }
  /** MessagePack's timestamp extension (type -1). */
  | { kind: 'timestamp'; seconds: bigint; nanoseconds: number }
  /** Any other MessagePack extension. */
  | { kind: 'ext'; type: number; data: Uint8Array }
  /** A CBOR tag (bignums are read as integers, self-describe is dropped); tag 24's bytes come decoded in `embedded`. */
  | { kind: 'tag'; tag: bigint; content: PackedValue; embedded?: PackedValue }
  /** A CBOR simple value without a meaning of its own (0..19, 32..255). */
  | { kind: 'simple'; value: number };

/** A reader's answer: the value and the offset just past it, so several concatenated values read in turn. */
export type PackedResult = { ok: true; value: PackedValue; end: number } | { ok: false; error: string; offset: number };

export interface PackedLimits {
  /** Containers nested deeper are refused rather than risking the stack. */
  maxDepth: number;
  /** Values in one top-level value, all levels counted. */
  maxValues: number;
}

export const DEFAULT_LIMITS: PackedLimits = { maxDepth: 256, maxValues: 1_000_000 };

/** Bytes shown in a tree leaf beyond which the hex is cut (the raw payload view has them all). */
const MAX_HEX_BYTES = 4096;
/** Characters of a map key drawn as a label when the key is not a string or an integer. */
const MAX_KEY_LABEL = 80;

export function integerOf(value: PackedValue | undefined): bigint | undefined {
  return value?.kind === 'integer' ? value.value : undefined;
}

/** A small integer as a number (message type codes, result kinds); undefined when not an integer or out of range. */
export function smallIntegerOf(value: PackedValue | undefined): number | undefined {
  if (value?.kind !== 'integer') return undefined;
  return value.value >= -0x7fffffffn && value.value <= 0x7fffffffn ? Number(value.value) : undefined;
}

export function stringOf(value: PackedValue | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

/** A scalar as field text (string, integer, float, boolean); undefined for the rest. */
export function scalarText(value: PackedValue | undefined): string | undefined {
  switch (value?.kind) {
    case 'string':
      return value.value;
    case 'integer':
      return value.value.toString();
    case 'float':
      return floatText(value.value, value.precision);
    case 'boolean':
      return String(value.value);
    default:
      return undefined;
  }
}

/** The value of a map's first entry under the string key `key`. */
export function mapField(value: PackedValue | undefined, key: string): PackedValue | undefined {
  if (value?.kind !== 'map') return undefined;
  for (const [name, field] of value.entries) if (name.kind === 'string' && name.value === key) return field;
  return undefined;
}

/** 'an array', 'a map': a kind's name in a sentence. */
export function withArticle(name: string): string {
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** A float's shortest text for its precision, with `.0` on whole numbers so a float never reads as an integer. */
export function floatText(value: number, precision: 'half' | 'single' | 'double'): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(value, -0)) return '-0.0';
  const text = precision === 'single' ? shortestSingle(value) : String(value);
  // Whole numbers below 1e21 print without a point or an exponent.
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${text}.0` : text;
}

/** The fewest digits that read back as the same float32 (1.1f is 1.100000023841858 as a double). */
function shortestSingle(value: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(value);
}

/** Bytes as spaced hex, cut after MAX_HEX_BYTES with the full length said. */
export function hexText(bytes: Uint8Array): string {
  const shown = bytes.length > MAX_HEX_BYTES ? bytes.subarray(0, MAX_HEX_BYTES) : bytes;
  const parts = new Array<string>(shown.length);
  for (let index = 0; index < shown.length; index++) parts[index] = shown[index]!.toString(16).padStart(2, '0');
  const hex = parts.join(' ');
  return shown === bytes ? hex : `${hex} … (${bytes.length} bytes)`;
}

const MAX_DATE_SECONDS = 8_640_000_000_000n;

/** ISO 8601 UTC time with as many fraction digits as the nanoseconds need; undefined beyond JavaScript's dates. */
export function isoTime(seconds: bigint, nanoseconds: number): string | undefined {
  if (seconds > MAX_DATE_SECONDS || seconds < -MAX_DATE_SECONDS || nanoseconds < 0 || nanoseconds > 999_999_999) return undefined;
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, -5);
  if (nanoseconds === 0) return `${whole}Z`;
  let fraction = String(nanoseconds).padStart(9, '0');
  while (fraction.endsWith('000')) fraction = fraction.slice(0, -3);
  return `${whole}.${fraction}Z`;
}

/** Seconds since 1970 given as a number (CBOR tag 1) as ISO time, to the microsecond a double holds. */
export function isoTimeOfSeconds(seconds: number): string | undefined {
  if (!Number.isFinite(seconds)) return undefined;
  let whole = Math.floor(seconds);
  let micros = Math.round((seconds - whole) * 1e6);
  if (micros === 1e6) {
    whole += 1;
    micros = 0;
  }
  return isoTime(BigInt(whole), micros * 1000);
}

/** The detail pane's tree of a value: one node per entry or item, leaves as exact text. */
export function packedToTree(value: PackedValue, label = ''): TreeNode {
  switch (value.kind) {
    case 'null':
      return { label, type: 'null', value: 'null' };
    case 'undefined':
      return { label, type: 'null', value: 'undefined' };
    case 'boolean':
      return { label, type: 'boolean', value: String(value.value) };
    case 'integer':
      return { label, type: 'number', value: value.value.toString() };
    case 'float':
      return { label, type: 'number', value: floatText(value.value, value.precision) };
    case 'string':
      return { label: value.valid ? label : `${label} (invalid UTF-8)`, type: 'string', value: value.value };
    case 'bytes':
      return { label, type: 'bytes', value: hexText(value.value) };
    case 'array':
      return { label, type: 'array', children: value.items.map((item, index) => packedToTree(item, String(index))) };
    case 'map':
      return { label, type: 'object', children: value.entries.map(([key, entry]) => packedToTree(entry, keyLabel(key))) };
    case 'timestamp': {
      const iso = isoTime(value.seconds, value.nanoseconds);
      return { label, type: 'text', value: iso ?? `${value.seconds}s ${value.nanoseconds}ns since 1970 (beyond dates)` };
    }
    case 'ext':
      return {
        label,
        type: 'object',
        children: [
          { label: 'ext type', type: 'number', value: String(value.type) },
          { label: 'data', type: 'bytes', value: hexText(value.data) },
        ],
      };
    case 'tag':
      return tagToTree(value, label);
    case 'simple':
      return { label, type: 'text', value: `simple(${value.value})` };
  }
}

function tagToTree(value: Extract<PackedValue, { kind: 'tag' }>, label: string): TreeNode {
  const { tag, content } = value;
  if (tag === 0n && content.kind === 'string') return { label, type: 'text', value: content.value };
  if (tag === 1n && (content.kind === 'integer' || content.kind === 'float')) {
    const iso = content.kind === 'integer' ? isoTime(content.value, 0) : isoTimeOfSeconds(content.value);
    if (iso !== undefined) return { label, type: 'text', value: iso };
  }
  const children = [{ label: 'tag', type: 'number' as const, value: tag.toString() }, packedToTree(content, 'content')];
  if (value.embedded) children.push(packedToTree(value.embedded, 'embedded CBOR'));
  return { label, type: 'object', children };
}

/** A map key as a label: strings as they are, integers as digits, anything else as short text. */
function keyLabel(key: PackedValue): string {
  if (key.kind === 'string') return key.value;
  const text = compactText(key, MAX_KEY_LABEL);
  return text.length > MAX_KEY_LABEL ? `${text.slice(0, MAX_KEY_LABEL)}…` : text;
}

/** One-line text of a value, stopping once `budget` characters are written. */
export function compactText(value: PackedValue, budget = 200): string {
  const parts: string[] = [];
  let length = 0;
  const push = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  const write = (node: PackedValue): void => {
    if (length > budget) return;
    switch (node.kind) {
      case 'array':
        push('[');
        node.items.forEach((item, index) => {
          if (index > 0) push(', ');
          write(item);
        });
        return void push(']');
      case 'map':
        push('{');
        node.entries.forEach(([key, entry], index) => {
          if (index > 0) push(', ');
          write(key);
          push(': ');
          write(entry);
        });
        return void push('}');
      case 'string':
        return void push(JSON.stringify(node.value));
      case 'bytes':
        return void push(`h'${hexText(node.value.subarray(0, budget)).replace(/ /g, '')}'`);
      case 'ext':
        push(`ext(${node.type}, `);
        write({ kind: 'bytes', value: node.data });
        return void push(')');
      case 'tag':
        push(`${node.tag}(`);
        write(node.content);
        return void push(')');
      default:
        return void push(packedToTree(node).value ?? '');
    }
  };
  write(value);
  return parts.join('');
}
