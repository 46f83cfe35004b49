// The isolated-world half of the channel to the MAIN-world page hook (other half, and the pairing
// protocol with its reasoning: src/page/channel.ts). Call openPageChannel() synchronously at
// document_start, before any await, so pairing completes before page scripts run.
// Everything arriving here may come from the page: the background shape-checks every event
// (src/background/hook-batch-events.ts).
import type { BatchWithBuffers, ContentToPage } from '../shared/messages';
import { PAIR_HELLO_EVENT, PAIR_OFFER_EVENT } from '../shared/tags';
import { READY_SIGNAL, downEventName, upEventName } from '../worlds/channel-wire';
import { randomUUID } from '../worlds/pristine';
import { parseBatchDetail } from '../shared/validate';

export interface PageChannel {
  /** Sends a command to the hook; dropped (returns false) until the hook has paired. */
  send(command: ContentToPage): boolean;
  /** True once the hook confirmed the pairing in this document. */
  paired(): boolean;
}

/**
 * `onPaired` runs once the hook confirms, synchronously, before any page script (pairing ends at document_start).
 * `onBatch` receives each hook batch, in order, unparsed and unvalidated: the JSON of its events and
 * the buffers or Blobs its binary payloads may name (Chrome). After pairing, a detail that is neither
 * JSON text nor a BatchWithBuffers is dropped and reported to `onMalformed`, to be counted.
 */
export function openPageChannel(onBatch: (untrusted: BatchWithBuffers) => void, onMalformed: () => void, onPaired?: () => void): PageChannel {
  // Not crypto.randomUUID directly: it is missing on plain-http pages (not a secure context).
  const secret = randomUUID();
  const upName = upEventName(secret);
  const downName = downEventName(secret);
  let isPaired = false;

  // Firefox: details must be strings to cross from the isolated world to the page.
  const post = (name: string, detail: string): void => {
    window.dispatchEvent(new CustomEvent(name, { detail }));
  };

  const onHello = (): void => {
    if (!isPaired) post(PAIR_OFFER_EVENT, secret);
  };

  const onUp = (event: Event): void => {
    let batch: BatchWithBuffers | null;
    try {
      // Chrome clones an object detail from the page's world on access, which throws for what cannot be cloned.
      const detail: unknown = (event as CustomEvent<unknown>).detail;
      if (!isPaired) {
        if (detail !== READY_SIGNAL) return;
        isPaired = true;
        window.removeEventListener(PAIR_HELLO_EVENT, onHello);
        onPaired?.();
        return;
      }
      batch = parseBatchDetail(detail);
    } catch {
      batch = null;
    }
    if (batch) onBatch(batch);
    else onMalformed();
  };

  window.addEventListener(upName, onUp);
  window.addEventListener(PAIR_HELLO_EVENT, onHello);
  post(PAIR_OFFER_EVENT, secret);

  return {
    send(command) {
      if (!isPaired) return false;
      post(downName, JSON.stringify(command));
      return true;
    },
    paired: () => isPaired,
  };
}
