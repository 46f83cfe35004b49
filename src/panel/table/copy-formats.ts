// What "Copy as …" puts on the clipboard for a message: its whole stored payload (read from the
// database, not the table's preview) as text, exact pretty JSON, base64, hex, or a HAR entry. Pure,
// and loaded with the first context menu, not with the panel.
import type { StoredMessage } from '../../db/message-chunks';
import { parseJson, stringifyJson } from '../../protocols/json';
import { exportHar } from '../../shared/har/export';
import type { ConnectionRecord, HandshakeRecord } from '../../shared/models';
import { base64ToBytes, bytesToBase64, textToBytes } from '../format';
import { hexPairs } from './cell-text';
import type { CopyFormat } from './copy-format-names';

export type { CopyFormat } from './copy-format-names';
export type CopyResult = { ok: true; text: string } | { ok: false; reason: string };

export interface CopySource {
  message: StoredMessage;
  /** The stored payload: the text, or base64 of the bytes; undefined when nothing is stored. */
  data: string | undefined;
  connection?: ConnectionRecord;
  handshake?: HandshakeRecord;
}

const JSON_INDENT = 2;

/** Payloads up to this size are tried as text and JSON when the menu opens, to grey out what does not apply. */
const CHECK_AHEAD_CHARS = 1_000_000;

export function formatForCopy(format: CopyFormat, source: CopySource): CopyResult {
  const missing = nothingToCopy(format, source);
  if (missing) return { ok: false, reason: missing };
  const { message } = source;
  const data = source.data!;
  if (format === 'har') return { ok: true, text: harEntry(source, data) };
  const text = message.payload.kind === 'text' ? data : undefined;
  const bytes = text === undefined ? decodeBase64(data) : undefined;
  if (text === undefined && !bytes) return { ok: false, reason: 'Its stored bytes are damaged (not base64)' };
  switch (format) {
    case 'text':
      return text !== undefined ? { ok: true, text } : utf8Text(bytes!);
    case 'json': {
      const asText = text !== undefined ? { ok: true as const, text } : utf8Text(bytes!);
      return asText.ok ? exactPrettyJson(asText.text) : asText;
    }
    case 'base64':
      return { ok: true, text: text !== undefined ? bytesToBase64(textToBytes(text)) : data };
    case 'hex':
      return { ok: true, text: hexPairs(bytes ?? textToBytes(text!)) };
  }
}

/**
 * Why `format` cannot be copied, as far as is known before copying: text and JSON are tried on
 * payloads up to CHECK_AHEAD_CHARS; larger ones say so only when copied.
 */
export function whyNotCopyable(format: CopyFormat, source: CopySource): string | undefined {
  const missing = nothingToCopy(format, source);
  if (missing || (format !== 'text' && format !== 'json') || source.data!.length > CHECK_AHEAD_CHARS) return missing;
  const result = formatForCopy(format, source);
  return result.ok ? undefined : result.reason;
}

function nothingToCopy(format: CopyFormat, { message, data, connection }: CopySource): string | undefined {
  if (message.payload.lost) return 'No bytes were kept at capture';
  if (data === undefined) return 'Its payload is no longer stored';
  if (format === 'har' && !connection) return 'Its connection is not loaded';
  return undefined;
}

/** JSON indented, numbers and repeated keys exactly as sent (JSON.parse would round integers beyond 2^53). */
function exactPrettyJson(text: string): CopyResult {
  const parsed = parseJson(text);
  return parsed.ok ? { ok: true, text: stringifyJson(parsed.value, JSON_INDENT) } : { ok: false, reason: `Not JSON: ${parsed.error}` };
}

function utf8Text(bytes: Uint8Array): CopyResult {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'Binary, and not UTF-8 text' };
  }
}

function decodeBase64(data: string): Uint8Array | undefined {
  try {
    return base64ToBytes(data);
  } catch {
    return undefined;
  }
}

/** The connection's HAR entry (as the HAR export writes it) holding this one message. */
function harEntry({ message, connection, handshake }: CopySource, data: string): string {
  const har = exportHar(
    { sessions: [], connections: [connection!], messages: [message], payloadData: () => data, handshakes: handshake ? [handshake] : [] },
    { creatorVersion: '', includeErrors: false },
  );
  return JSON.stringify(har.log.entries[0], null, JSON_INDENT);
}
