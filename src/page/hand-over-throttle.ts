// When a hook hands its batched events on (to the content script, or from a worker to the hook that
// started it): at most once per HAND_OVER_WINDOW_MS while traffic goes on, and in a microtask after a
// quiet spell. One piece for the page channel (channel.ts) and the workers' links (workers/).
import { now } from '../worlds/pristine';
import { afterDelay } from '../worlds/page-proof-timer';

const nativeQueueMicrotask = globalThis.queueMicrotask; // a page may replace it later

/**
 * Hand-overs are at least this far apart while traffic goes on: each one costs the page's thread, and
 * a socket of small messages paid it per message (figures: docs/PERFORMANCE.md, "one hand-over per
 * 25 ms"). The panel redraws every 100 ms anyway.
 */
export const HAND_OVER_WINDOW_MS = 25;

export interface HandOverThrottle {
  /** Asks for a hand-over: `handOver` runs once the window since the last one has passed, at most once for all asks meanwhile. */
  schedule(): void;
  /** Records a hand-over made now (scheduled or not): the next waits the window from here. */
  handedOver(): void;
}

export function handOverThrottle(handOver: () => void): HandOverThrottle {
  let scheduled = false;
  let lastHandOver = -Infinity;
  const scheduledHandOver = (): void => {
    scheduled = false;
    handOver();
  };
  return {
    schedule() {
      if (scheduled) return;
      // now() is monotonic (performance.now based), so the wait never exceeds the window.
      const wait = lastHandOver + HAND_OVER_WINDOW_MS - now();
      if (wait <= 0) nativeQueueMicrotask(scheduledHandOver);
      else afterDelay(wait, scheduledHandOver);
      // Only once scheduled: had scheduling thrown, a set flag would stop every later hand-over.
      scheduled = true;
    },
    handedOver() {
      lastHandOver = now();
    },
  };
}
