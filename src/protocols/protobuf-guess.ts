// Protocol Buffers without a schema: every field by number, each value with the readings its wire type
// allows, and length-delimited values guessed as a nested message, text or bytes.
import { hexBytes, isPrintableText, strictUtf8 } from './binary-display.ts';
import { doubleText, fixed32Of, fixed64Of, floatText, int64Text, uint64Text, zigzagText } from './protobuf-numbers.ts';
import { parseWire, type Varint, type WireField } from './protobuf-wire.ts';
import type { TreeNode } from './types.ts';

/** Nested-message guesses stop here (each level re-reads its bytes once). */
const MAX_GUESS_DEPTH = 32;

export function guessNodes(fields: readonly WireField[], depth = 0): TreeNode[] {
  return fields.map((field) => guessNode(field, String(field.number), depth));
}

/** One field as its wire form allows: `label` is followed by what the value was read as. */
export function guessNode(field: WireField, label: string, depth: number): TreeNode {
  switch (field.kind) {
    case 'varint':
      return { label: `${label} (varint)`, type: 'text', value: varintText(field.value) };
    case 'fixed32': {
      const { unsigned, signed, float } = fixed32Of(field.bytes);
      const readings = [...(signed !== unsigned ? [`int32 ${signed}`] : []), `float ${floatText(float)}`];
      return { label: `${label} (32-bit)`, type: 'text', value: `${unsigned} (${readings.join(', ')})` };
    }
    case 'fixed64': {
      const { unsigned, signed, double } = fixed64Of(field.bytes);
      const readings = [...(signed !== unsigned ? [`int64 ${signed}`] : []), `double ${doubleText(double)}`];
      return { label: `${label} (64-bit)`, type: 'text', value: `${unsigned} (${readings.join(', ')})` };
    }
    case 'group':
      return { label: `${label} (group)`, type: 'object', children: guessNodes(field.fields, depth + 1) };
    case 'length-delimited':
      return guessBytes(field.bytes, label, depth);
  }
}

/** A varint's unsigned value, with its int64 (when negative) and sint (zigzag) readings. */
export function varintText(value: Varint): string {
  const unsigned = uint64Text(value);
  if (unsigned === '0') return '0';
  const signed = int64Text(value);
  const readings = [...(signed !== unsigned ? [`int64 ${signed}`] : []), `sint ${zigzagText(value)}`];
  return `${unsigned} (${readings.join(', ')})`;
}

/**
 * Length-delimited bytes: text without control characters reads as a string; otherwise bytes that parse
 * whole as a message (sane field numbers) are one; otherwise readable text, else hex. Plain words often
 * parse as a message by chance ("hi" is field 13 = 105), hence text first when it is clean.
 */
function guessBytes(bytes: Uint8Array, label: string, depth: number): TreeNode {
  if (bytes.length === 0) return { label: `${label} (empty)`, type: 'string', value: '' };
  const text = strictUtf8(bytes);
  if (text !== undefined && !hasControlCharacter(text)) return { label: `${label} (string)`, type: 'string', value: text };
  if (depth < MAX_GUESS_DEPTH) {
    const parsed = parseWire(bytes, true);
    if (parsed.ok) return { label: `${label} (message)`, type: 'object', children: guessNodes(parsed.fields, depth + 1) };
  }
  if (text !== undefined && isPrintableText(text)) return { label: `${label} (string)`, type: 'string', value: text };
  return { label: `${label} (bytes)`, type: 'bytes', value: hexBytes(bytes) };
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}
