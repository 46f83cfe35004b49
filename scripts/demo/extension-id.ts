// Chromium derives an unpacked extension's id from its absolute path: the first 32 hex digits of
// SHA-256(path), each mapped 0-f → a-p. Knowing it before launch lets the demo preselect our panel.
import { createHash } from 'node:crypto';

export function unpackedExtensionId(absolutePath: string): string {
  const hex = createHash('sha256').update(absolutePath).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}
