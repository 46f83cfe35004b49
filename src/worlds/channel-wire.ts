// The wire format shared by both halves of the page channel (src/page/channel.ts in the MAIN world,
// src/content/page-channel.ts in the isolated world). Pairing uses the fixed names in shared/tags.ts;
// afterwards each direction has its own per-document event name derived from the secret.
import { CHANNEL_PREFIX } from '../shared/tags';
import { stringCharCodeAt } from './pristine';

/**
 * The hook's first message on the secret channel, confirming it took the offer. It is not JSON, so
 * it can never be mistaken for a PageToContent event; after it the content side answers no more hellos.
 */
export const READY_SIGNAL = 'ready';

/** Hook → content events (detail: JSON of an array of PageToContent, a BatchWithBuffers, or READY_SIGNAL). */
export function upEventName(secret: string): string {
  return CHANNEL_PREFIX + secret + ':up';
}

/** Content → hook commands (detail: JSON of a ContentToPage). */
export function downEventName(secret: string): string {
  return CHANNEL_PREFIX + secret + ':down';
}

/** True for a lowercase UUID as crypto.randomUUID makes them: the only offers worth taking. */
export function isChannelSecret(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 36) return false;
  for (let index = 0; index < 36; index++) {
    const code = stringCharCodeAt(value, index);
    const isDash = index === 8 || index === 13 || index === 18 || index === 23;
    if (isDash ? code !== 0x2d : !((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66))) return false;
  }
  return true;
}
