// Delays a page cannot cancel. Timer ids belong to the window, which every world of it shares: a
// page's `for (let id = 0; id < 1e5; id++) clearTimeout(id)` (some pages do this) cancels the
// timers of our MAIN-world hook and of our isolated content script alike, which would hold captured
// events back indefinitely. AbortSignal.timeout() schedules its abort with no id to clear; it is
// captured here at document_start, before a page could replace it.
import { addEventListener, apply } from './pristine';

const NativeAbortSignal = AbortSignal;
const nativeTimeout = AbortSignal.timeout;

export interface Delay {
  /** The callback will not run (if it has not yet). */
  cancel(): void;
}

export type ScheduleDelay = (ms: number, callback: () => void) => Delay;

/** Runs `callback` once after about `ms` milliseconds, unless cancelled. */
export const afterDelay: ScheduleDelay = (ms, callback) => {
  let pending = true;
  const signal = apply(nativeTimeout, NativeAbortSignal, [ms]) as AbortSignal;
  addEventListener(signal, 'abort', () => {
    if (!pending) return;
    pending = false;
    callback();
  });
  return {
    cancel: () => {
      pending = false;
    },
  };
};
