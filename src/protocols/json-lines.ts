// JSON Lines: several JSON values in one message, one per line (newline-delimited JSON). Each line is an
// item read like plain JSON. Scores low, just above plain JSON, so real protocols' evidence wins.
import { parseJson } from './json.ts';
import { decodedMessage, firstToSniff, messageText, undecodable } from './json-message.ts';
import { PLAIN_JSON_SCORE, plainJsonItem } from './json-plain.ts';
import type { DecodedItem, DecodedMessage, MessageInput, ProtocolDecoder } from './types.ts';

interface Line {
  /** 1-based, counting blank lines, as an editor would. */
  number: number;
  text: string;
}

function nonBlankLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let number = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    if (line.trim() !== '') lines.push({ number, text: line });
    start = end + 1;
    number++;
  }
  return lines;
}

function lineItem(line: Line): DecodedItem {
  const parsed = parseJson(line.text);
  if (parsed.ok) return plainJsonItem(parsed.value);
  return {
    type: 'invalid',
    fields: {},
    tree: [{ label: `line ${line.number}`, type: 'string', value: line.text }],
    error: `line ${line.number}: not JSON: ${parsed.error}`,
  };
}

function decode(message: MessageInput): DecodedMessage {
  const text = messageText(message);
  if (!text.ok) return undecodable('json-lines', text.error);
  const lines = nonBlankLines(text.text);
  if (lines.length === 0) return undecodable('json-lines', 'no JSON value: the message is empty or blank');
  return decodedMessage('json-lines', lines.map(lineItem));
}

/** Every first text message is JSON lines, and at least one holds several values. */
function sniff(firstMessages: readonly MessageInput[]): boolean {
  let several = false;
  for (const message of firstToSniff(firstMessages)) {
    if (message.kind !== 'text') continue;
    const lines = nonBlankLines(message.text);
    if (lines.length === 0 || !lines.every((line) => parseJson(line.text).ok)) return false;
    if (lines.length > 1) several = true;
  }
  return several;
}

export const jsonLinesDecoder: ProtocolDecoder<null> = {
  id: 'json-lines',
  name: 'JSON Lines',
  // A pretty-printed JSON value spans lines too, but its lines do not each parse: no clash with plain JSON.
  detect: (_context, firstMessages) => (sniff(firstMessages) ? PLAIN_JSON_SCORE + 0.03 : 0),
  createState: () => null,
  decode,
};
