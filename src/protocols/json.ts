// JSON read exactly as sent. `JSON.parse` turns 9007199254740993 into 9007199254740992 and 1.0 into 1,
// and drops all but the last of repeated keys; a debugger must show what was on the wire. Numbers keep
// their source text, objects keep every entry in order.
import type { TreeNode } from './types.ts';

export type JsonValue =
  | { kind: 'object'; entries: [string, JsonValue][] }
  | { kind: 'array'; items: JsonValue[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; raw: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

export type JsonResult = { ok: true; value: JsonValue } | { ok: false; error: string; offset: number };

/** Deeper documents are refused rather than risking the stack. */
const MAX_DEPTH = 512;

class JsonSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/** Parses `text` (whitespace around it allowed). Never throws. */
export function parseJson(text: string): JsonResult {
  const reader = new Reader(text);
  try {
    reader.skipSpace();
    const value = reader.value(0);
    reader.skipSpace();
    if (reader.at < text.length) reader.fail(`unexpected ${describe(text, reader.at)} after the JSON value`);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, error: error.message, offset: error.offset };
    return { ok: false, error: 'JSON too deep or too large to read', offset: reader.at };
  }
}

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new JsonSyntaxError(`${message} at offset ${this.at}`, this.at);
  }

  skipSpace(): void {
    const { text } = this;
    let at = this.at;
    for (;;) {
      const code = text.charCodeAt(at);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) at++;
      else break;
    }
    this.at = at;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const code = this.text.charCodeAt(this.at);
    switch (code) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22: // "
        return { kind: 'string', value: this.string() };
      case 0x74: // t
        return this.word('true', { kind: 'boolean', value: true });
      case 0x66: // f
        return this.word('false', { kind: 'boolean', value: false });
      case 0x6e: // n
        return this.word('null', { kind: 'null' });
      default:
        if (code === 0x2d || (code >= 0x30 && code <= 0x39)) return this.number();
        return this.fail(this.at >= this.text.length ? 'unexpected end of JSON' : `unexpected ${describe(this.text, this.at)}`);
    }
  }

  private word<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.at)) this.fail(`unexpected ${describe(this.text, this.at)}`);
    this.at += word.length;
    return value;
  }

  private object(depth: number): JsonValue {
    const entries: [string, JsonValue][] = [];
    this.at++;
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === 0x7d) {
      this.at++;
      return { kind: 'object', entries };
    }
    for (;;) {
      if (this.text.charCodeAt(this.at) !== 0x22) this.fail('expected a property name in double quotes');
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.at) !== 0x3a) this.fail("expected ':' after a property name");
      this.at++;
      this.skipSpace();
      entries.push([key, this.value(depth + 1)]);
      this.skipSpace();
      const next = this.text.charCodeAt(this.at);
      this.at++;
      if (next === 0x7d) return { kind: 'object', entries };
      if (next !== 0x2c) {
        this.at--;
        this.fail("expected ',' or '}' in an object");
      }
      this.skipSpace();
    }
  }

  private array(depth: number): JsonValue {
    const items: JsonValue[] = [];
    this.at++;
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === 0x5d) {
      this.at++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text.charCodeAt(this.at);
      this.at++;
      if (next === 0x5d) return { kind: 'array', items };
      if (next !== 0x2c) {
        this.at--;
        this.fail("expected ',' or ']' in an array");
      }
      this.skipSpace();
    }
  }

  private string(): string {
    const { text } = this;
    const start = this.at + 1;
    let at = start;
    let out = '';
    let runStart = start;
    for (;;) {
      if (at >= text.length) {
        this.at = at;
        this.fail('unterminated string');
      }
      const code = text.charCodeAt(at);
      if (code === 0x22) break;
      if (code < 0x20) {
        this.at = at;
        this.fail('control character in a string');
      }
      if (code !== 0x5c) {
        at++;
        continue;
      }
      out += text.slice(runStart, at);
      const escape = text.charCodeAt(at + 1);
      const simple = SIMPLE_ESCAPES[escape];
      if (simple !== undefined) {
        out += simple;
        at += 2;
      } else if (escape === 0x75) {
        const hex = text.slice(at + 2, at + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.at = at;
          this.fail('bad \\u escape');
        }
        out += String.fromCharCode(parseInt(hex, 16));
        at += 6;
      } else {
        this.at = at;
        this.fail('bad escape');
      }
      runStart = at;
    }
    this.at = at + 1;
    return out + text.slice(runStart, at);
  }

  private number(): JsonValue {
    const match = NUMBER.exec(this.text.slice(this.at, this.at + 4096));
    if (!match) this.fail('bad number');
    this.at += match[0].length;
    return { kind: 'number', raw: match[0] };
  }
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;

const SIMPLE_ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

function describe(text: string, at: number): string {
  return at >= text.length ? 'end of input' : `'${text[at]}'`;
}

/** The value of an object's first `key` entry. */
export function jsonField(value: JsonValue | undefined, key: string): JsonValue | undefined {
  if (value?.kind !== 'object') return undefined;
  for (const [name, field] of value.entries) if (name === key) return field;
  return undefined;
}

/** A string's text, a number's digits or a boolean as text; undefined for the rest. */
export function jsonScalar(value: JsonValue | undefined): string | undefined {
  switch (value?.kind) {
    case 'string':
      return value.value;
    case 'number':
      return value.raw;
    case 'boolean':
      return String(value.value);
    default:
      return undefined;
  }
}

/** A number's digits that JavaScript's Number would not keep exactly (beyond 2^53, more digits than a double holds, `1.0`). */
export function isInexactNumber(raw: string): boolean {
  const number = Number(raw);
  if (!Number.isFinite(number)) return true;
  if (/^-?\d+$/.test(raw)) return BigInt(raw) !== BigInt(number);
  return String(number) !== raw;
}

/** Exact JSON text of `value`: numbers as sent, `indent` spaces per level (0: one line). */
export function stringifyJson(value: JsonValue, indent = 0): string {
  const parts: string[] = [];
  write(value, 0);
  return parts.join('');

  function newline(level: number): void {
    if (indent > 0) parts.push('\n', ' '.repeat(indent * level));
  }
  function write(node: JsonValue, level: number): void {
    switch (node.kind) {
      case 'object':
        if (node.entries.length === 0) return void parts.push('{}');
        parts.push('{');
        node.entries.forEach(([key, child], index) => {
          if (index > 0) parts.push(',');
          newline(level + 1);
          parts.push(JSON.stringify(key), indent > 0 ? ': ' : ':');
          write(child, level + 1);
        });
        newline(level);
        return void parts.push('}');
      case 'array':
        if (node.items.length === 0) return void parts.push('[]');
        parts.push('[');
        node.items.forEach((child, index) => {
          if (index > 0) parts.push(',');
          newline(level + 1);
          write(child, level + 1);
        });
        newline(level);
        return void parts.push(']');
      case 'string':
        return void parts.push(JSON.stringify(node.value));
      case 'number':
        return void parts.push(node.raw);
      case 'boolean':
        return void parts.push(String(node.value));
      case 'null':
        return void parts.push('null');
    }
  }
}

/** The detail pane's tree of a JSON value: one node per entry or item, leaves exact. */
export function jsonToTree(value: JsonValue, label = ''): TreeNode {
  switch (value.kind) {
    case 'object':
      return { label, type: 'object', children: value.entries.map(([key, child]) => jsonToTree(child, key)) };
    case 'array':
      return { label, type: 'array', children: value.items.map((child, index) => jsonToTree(child, String(index))) };
    case 'string':
      return { label, type: 'string', value: value.value };
    case 'number':
      return { label, type: 'number', value: value.raw };
    case 'boolean':
      return { label, type: 'boolean', value: String(value.value) };
    case 'null':
      return { label, type: 'null', value: 'null' };
  }
}

/** The children of a JSON value's tree (an object's entries), or the value itself as one node. */
export function jsonChildren(value: JsonValue): TreeNode[] {
  const tree = jsonToTree(value);
  return tree.children ?? [tree];
}
