// Small builders for the detail pane's tree and the summary's key, shared by the text-protocol decoders.
import type { TreeNode } from './types.ts';

/** Bytes shown in a tree leaf; the raw payload view still has all of them. */
const MAX_HEX_BYTES = 4096;
/** A key longer than this is cut: it is one line of the table. */
const MAX_PREVIEW = 80;

export function leaf(label: string, value: string, type: TreeNode['type'] = 'string'): TreeNode {
  return { label, value, type };
}

/** Bytes as spaced hex ("01 02 ff"), the first MAX_HEX_BYTES of them, with the full length in the label. */
export function bytesNode(label: string, bytes: Uint8Array): TreeNode {
  const shown = Math.min(bytes.length, MAX_HEX_BYTES);
  const parts: string[] = new Array<string>(shown);
  for (let index = 0; index < shown; index++) parts[index] = HEX[bytes[index]!]!;
  const more = bytes.length > shown ? ` … (${bytes.length - shown} more bytes)` : '';
  return { label: `${label} (${bytes.length} bytes)`, value: parts.join(' ') + more, type: 'bytes' };
}

const HEX = Array.from({ length: 256 }, (_, value) => value.toString(16).padStart(2, '0'));

/** One line of at most MAX_PREVIEW characters: line breaks shown as spaces, the cut marked with '…'. */
export function preview(text: string): string {
  const head = text.length > MAX_PREVIEW ? text.slice(0, MAX_PREVIEW) : text;
  const line = head.replace(/[\r\n\t]+/g, ' ');
  return text.length > MAX_PREVIEW ? `${line}…` : line;
}

/** Strict UTF-8 to text, or undefined when the bytes are not UTF-8 (then they are shown as bytes). */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
