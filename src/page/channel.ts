// The MAIN-world half of the channel to the isolated-world content script (other half:
// src/content/page-channel.ts).
//
// Pairing, at document_start, before any page script can run:
//  1. The content script makes a secret, listens for PAIR_HELLO_EVENT and dispatches PAIR_OFFER_EVENT
//     with the secret as detail. It answers every hello with an offer until the hook confirms.
//  2. The hook listens for PAIR_OFFER_EVENT and dispatches PAIR_HELLO_EVENT. Whichever script runs
//     first, the offer reaches the hook synchronously (DOM dispatch is synchronous across worlds).
//  3. The hook takes the first well-formed offer, stops listening for offers, and confirms with
//     READY_SIGNAL on the secret ':up' name; the content script then stops answering hellos.
// The page never sees the secret: both scripts finish pairing before its first script runs, and later
// hellos get no answer. Afterwards events go up and commands come down as CustomEvents on names only
// the two halves know, with string details (JSON), except that in Chrome builds a batch holding binary
// payloads carries their bytes (large ones as Blobs) beside its JSON (BatchWithBuffers): Chrome clones
// object details between worlds, Firefox refuses them.
// Events go up in batches, a JSON array per CustomEvent, at most one hand-over per HAND_OVER_WINDOW_MS:
// after a quiet spell in a microtask after the script that recorded them (a page's send() calls return
// before the hand-over, and a burst crosses in a few events), and while traffic goes on, at the end of
// the window. Each hand-over costs the page's thread tens of microseconds, which a socket trading
// small messages paid per message (a task per hand-over, through a MessageChannel, saved nothing). A
// full batch, and pagehide and a hidden document, hand over at once.
// Residual risk, accepted: in a document where the content script runs but the hook never does, a page
// could obtain the secret with its own hello; it could then only forge events the relay shape-checks
// anyway and read commands aimed at its own sockets.
import { PAIR_HELLO_EVENT, PAIR_OFFER_EVENT } from '../shared/tags';
import type { BatchWithBuffers, BinaryBody, BufferedBinaryPayload, HookEvent, RelayedBinaryPayload } from '../shared/messages';
import { READY_SIGNAL, downEventName, isChannelSecret, upEventName } from '../worlds/channel-wire';
import { PrePairingBuffer } from './pre-pairing-buffer';
import { addEventListener, dispatchEvent, jsonParse, newList, removeEventListener, setPrototypeOf, uncurryGetter, type List } from '../worlds/pristine';
import { binaryHandOver, payloadLength } from './payload-encoding';
import { handOverThrottle } from './hand-over-throttle';
import { safeStringify } from './safe-json';
import { compactMessage } from './compact-events';

const NativeCustomEvent = CustomEvent;
const eventDetail = uncurryGetter<unknown>(CustomEvent.prototype, 'detail');
const channelTarget: EventTarget = globalThis;

/** A batch is handed over at once when it holds this many events or payload characters. */
export const MAX_BATCH_EVENTS = 256;
export const MAX_BATCH_CHARS = 1024 * 1024;

export interface HookChannel {
  /** Queues an event for the content script (handed over within HAND_OVER_WINDOW_MS), or buffers it until paired. */
  emit(event: HookEvent): void;
}

/** Starts pairing; `onCommand` receives each parsed, not yet validated, command from the content script. */
export function openHookChannel(onCommand: (untrusted: unknown) => void): HookChannel {
  const buffer = new PrePairingBuffer();
  let upName: string | null = null;
  let batch: List<HookEvent> = newList<HookEvent>();
  let batchChars = 0;

  const post = (name: string, detail: string | BatchWithBuffers): void => {
    // A prototype-less init dictionary: a page's getters on Object.prototype can't add options.
    dispatchEvent(channelTarget, new NativeCustomEvent(name, setPrototypeOf({ detail }, null) as CustomEventInit<unknown>));
  };

  const handOver = (): void => {
    if (upName === null || batch.length === 0) return;
    const events = batch;
    batch = newList<HookEvent>();
    batchChars = 0;
    throttle.handedOver();
    try {
      post(upName, packBatch(events));
    } catch {
      // Called from a microtask, a delay or a page event, where nothing else would keep an error from the page.
    }
  };

  const throttle = handOverThrottle(handOver);

  const queue = (event: HookEvent): void => {
    batch[batch.length] = event;
    batchChars += event.t === 'message' ? payloadLength(event.payload) : 0;
    if (batch.length >= MAX_BATCH_EVENTS || batchChars >= MAX_BATCH_CHARS) handOver();
    else throttle.schedule();
  };

  const onCommandEvent = (event: Event): void => {
    try {
      const detail = eventDetail(event);
      if (typeof detail === 'string') onCommand(jsonParse(detail));
    } catch {
      // A malformed command must never surface in the page.
    }
  };

  const onOffer = (event: Event): void => {
    if (upName !== null) return;
    let secret: unknown;
    try {
      secret = eventDetail(event);
    } catch {
      return;
    }
    if (!isChannelSecret(secret)) return;
    removeEventListener(channelTarget, PAIR_OFFER_EVENT, onOffer);
    addEventListener(channelTarget, downEventName(secret), onCommandEvent);
    upName = upEventName(secret);
    post(upName, READY_SIGNAL);
    const pending = buffer.drain();
    for (let index = 0; index < pending.length; index++) queue(pending[index]!);
  };

  addEventListener(channelTarget, PAIR_OFFER_EVENT, onOffer);
  // The page may be going away (navigation, bfcache): what is recorded must not wait for a task.
  addEventListener(channelTarget, 'pagehide', handOver);
  // A hidden document's timers are throttled (to once a second in Chrome): what waits goes now. On the
  // window in the capture phase, registered before any page script, so no page listener can stop it.
  addEventListener(channelTarget, 'visibilitychange', handOver, true);
  post(PAIR_HELLO_EVENT, '');

  return {
    emit(event) {
      if (upName === null) buffer.add(event);
      else queue(event);
    },
  };
}

/**
 * The detail for a batch: its JSON, whole text messages in their compact form (compact-events.ts), or
 * in Chrome builds, when payloads hold bytes, the JSON with each of those payloads naming its place in
 * `buffers` (BufferedBinaryPayload).
 */
function packBatch(events: List<HookEvent>): string | BatchWithBuffers {
  const packed = newList<unknown>();
  const buffers = newList<BinaryBody>();
  let previousConn: string | null = null;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    const compact = compactMessage(event, previousConn);
    if (compact !== null) {
      packed[packed.length] = compact;
      previousConn = (event as { conn: string }).conn;
    } else if (binaryHandOver.asBytes && event.t === 'message' && event.payload.kind === 'binary') {
      const { source, size, bytes, truncated } = event.payload as RelayedBinaryPayload;
      const payload: BufferedBinaryPayload = { kind: 'binary', source, size, buffer: buffers.length, truncated };
      buffers[buffers.length] = bytes;
      packed[packed.length] = { ...event, payload };
    } else {
      packed[packed.length] = event;
    }
  }
  const json = safeStringify(packed);
  return buffers.length === 0 ? json : (setPrototypeOf({ json, buffers }, null) as BatchWithBuffers);
}
