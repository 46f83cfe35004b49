// The content script's runtime port to the background: hello first on every connection, reconnect
// after drops (an idle Chrome service worker is stopped after ~30 s and every port goes with it).
import { nativeApi as browser } from '../platform/native-api';
import type { Runtime } from '../platform/browser';
import type { BackgroundToContent, ContentToBackground } from '../shared/messages';
import { CONTENT_PORT } from '../shared/tags';
import { afterDelay, type Delay } from '../worlds/page-proof-timer';

type Hello = Extract<ContentToBackground, { t: 'hello' }>;

export interface BackgroundLink {
  /** Connects now unless connected; false when the extension is gone. */
  connect(): boolean;
  isConnected(): boolean;
  /** Posts on the open port; false (and the port is dropped) if there is none or it just died. */
  send(message: ContentToBackground): boolean;
  /** Posts, connecting first if needed. For messages that need no resending (command results). */
  post(message: ContentToBackground): void;
}

export interface BackgroundLinkOptions {
  hello(): Hello;
  /** Called right after each hello: time to (re)send whatever is unacknowledged, in order. */
  onConnected(): void;
  /** Whether anything waits for an ack: then a dropped port is reconnected at once. */
  hasUnacked(): boolean;
  onMessage(message: BackgroundToContent): void;
}

/** Retry delays after a failed or dropped connection; the last one repeats. */
const RECONNECT_DELAYS_MS = [0, 50, 250, 1000, 3000];

/**
 * Reconnects at once only when something waits for an ack; otherwise lazily on the next send, so
 * idle tabs do not wake a stopped service worker forever.
 */
export function openBackgroundLink(options: BackgroundLinkOptions): BackgroundLink {
  let port: Runtime.Port | undefined;
  let failures = 0;
  let retryTimer: Delay | undefined;
  let extensionGone = false;

  const dropPort = (): void => {
    port = undefined;
    failures++;
    if (options.hasUnacked()) scheduleReconnect();
  };

  const scheduleReconnect = (): void => {
    if (retryTimer !== undefined || extensionGone) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(failures - 1, RECONNECT_DELAYS_MS.length - 1)] ?? 0;
    // A page can cancel setTimeout timers of this world too: then no reconnect would ever come.
    retryTimer = afterDelay(delay, () => {
      retryTimer = undefined;
      link.connect();
    });
  };

  const link: BackgroundLink = {
    connect() {
      if (port) return true;
      if (extensionGone) return false;
      let fresh: Runtime.Port;
      try {
        fresh = browser.runtime.connect({ name: CONTENT_PORT });
      } catch {
        // The extension was reloaded or removed: this content script is orphaned for good.
        extensionGone = true;
        return false;
      }
      port = fresh;
      fresh.onMessage.addListener((message: unknown) => {
        failures = 0;
        options.onMessage(message as BackgroundToContent);
      });
      fresh.onDisconnect.addListener(() => {
        if (port === fresh) dropPort();
      });
      if (!link.send(options.hello())) return false;
      options.onConnected();
      return true;
    },
    isConnected: () => port !== undefined,
    send(message) {
      if (!port) return false;
      try {
        port.postMessage(message);
        return true;
      } catch {
        // Disconnected, and onDisconnect has not fired yet.
        dropPort();
        return false;
      }
    },
    post(message) {
      if (link.connect()) link.send(message);
    },
  };
  return link;
}
