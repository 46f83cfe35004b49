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
// hellos get no answer. Afterwards events go up and commands come down as CustomEvents with string
// details (Firefox refuses non-string details across worlds) on names only the two halves know.
// Residual risk, accepted: in a document where the content script runs but the hook never does, a page
// could obtain the secret with its own hello; it could then only forge events the relay shape-checks
// anyway and read commands aimed at its own sockets.
import { PAIR_HELLO_EVENT, PAIR_OFFER_EVENT } from '../shared/tags';
import type { PageToContent } from '../shared/messages';
import { READY_SIGNAL, downEventName, isChannelSecret, upEventName } from './channel-wire';
import { PrePairingBuffer } from './pre-pairing-buffer';
import { addEventListener, dispatchEvent, jsonParse, removeEventListener, setPrototypeOf, uncurryGetter } from './pristine';
import { safeStringify } from './safe-json';

const NativeCustomEvent = CustomEvent;
const eventDetail = uncurryGetter<unknown>(CustomEvent.prototype, 'detail');
const channelTarget: EventTarget = globalThis;

export interface HookChannel {
  /** Sends an event to the content script, or buffers it until paired. */
  emit(event: PageToContent): void;
}

/** Starts pairing; `onCommand` receives each parsed, not yet validated, command from the content script. */
export function openHookChannel(onCommand: (untrusted: unknown) => void): HookChannel {
  const buffer = new PrePairingBuffer();
  let upName: string | null = null;

  const post = (name: string, detail: string): void => {
    // A prototype-less init dictionary: a page's getters on Object.prototype can't add options.
    dispatchEvent(channelTarget, new NativeCustomEvent(name, setPrototypeOf({ detail }, null) as CustomEventInit<string>));
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
    const name = upEventName(secret);
    post(name, READY_SIGNAL);
    // Until upName is set, events recorded while flushing (a command answered synchronously, say)
    // join the buffer's tail and go out in order.
    for (let pending = buffer.drain(); pending.length > 0; pending = buffer.drain()) {
      for (let index = 0; index < pending.length; index++) post(name, safeStringify(pending[index]));
    }
    upName = name;
  };

  addEventListener(channelTarget, PAIR_OFFER_EVENT, onOffer);
  post(PAIR_HELLO_EVENT, '');

  return {
    emit(event) {
      if (upName === null) buffer.add(event);
      else post(upName, safeStringify(event));
    },
  };
}
