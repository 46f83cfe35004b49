// The content script's runtime port to the background: hello first, reconnect and resend after drops.
import { browser, type Runtime } from '../platform/browser';
import type { BackgroundToContent, ContentToBackground } from '../shared/messages';
import { CONTENT_PORT } from '../shared/tags';

type Hello = Extract<ContentToBackground, { t: 'hello' }>;

export interface BackgroundLink {
  /** Connects now (sending hello) unless already connected. */
  connect(): void;
  /** Sends now, connecting first (hello + `resendOnConnect`) if the port is down. */
  post(message: ContentToBackground): void;
}

export interface BackgroundLinkOptions {
  hello(): Hello;
  /** Messages to send again, in order, right after each hello: the unacknowledged batches. */
  resendOnConnect(): ContentToBackground[];
  /** Whether anything waits for an ack: then a dropped port is reconnected at once. */
  hasUnacked(): boolean;
  onMessage(message: BackgroundToContent): void;
}

/** Retry delays after a failed or dropped connection; the last one repeats. */
const RECONNECT_DELAYS_MS = [0, 50, 250, 1000, 3000];

/**
 * The port connects lazily: an idle Chrome service worker is stopped after ~30 s and every port drops;
 * reconnecting only when there is something to deliver avoids waking it up forever for idle tabs.
 */
export function openBackgroundLink(options: BackgroundLinkOptions): BackgroundLink {
  let port: Runtime.Port | undefined;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let extensionGone = false;

  const connect = (): Runtime.Port | undefined => {
    if (port || extensionGone) return port;
    try {
      port = browser.runtime.connect({ name: CONTENT_PORT });
    } catch {
      // The extension was reloaded or removed: this content script is orphaned for good.
      extensionGone = true;
      return undefined;
    }
    const connected = port;
    connected.onMessage.addListener((message: unknown) => {
      failures = 0;
      options.onMessage(message as BackgroundToContent);
    });
    connected.onDisconnect.addListener(() => {
      if (port === connected) port = undefined;
      failures++;
      if (options.hasUnacked()) scheduleReconnect();
    });
    try {
      connected.postMessage(options.hello());
      for (const message of options.resendOnConnect()) connected.postMessage(message);
    } catch {
      port = undefined;
      failures++;
      scheduleReconnect();
      return undefined;
    }
    return connected;
  };

  const scheduleReconnect = (): void => {
    if (retryTimer !== undefined) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(failures - 1, RECONNECT_DELAYS_MS.length - 1)] ?? 0;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, delay);
  };

  return {
    connect() {
      connect();
    },
    post(message) {
      const existing = port;
      if (existing) {
        try {
          existing.postMessage(message);
          return;
        } catch {
          // Disconnected but onDisconnect has not fired yet: connect afresh below.
          port = undefined;
        }
      }
      // A fresh connection resends every unacked batch, this one included if it is a batch.
      const fresh = connect();
      if (fresh && message.t !== 'batch') fresh.postMessage(message);
    },
  };
}
