// What the panel page's classic script started (first-rows-early.ts), handed to the module entry through
// a property of the panel's own window: the two are separate builds and share no module.
import type { FirstRows } from './first-rows';

export interface EarlyStart {
  /** Undefined when there is no inspected tab. */
  firstRows: FirstRows | undefined;
}

const EARLY_START = 'wsiFirstRowsStart';

type WithEarlyStart = typeof globalThis & { [EARLY_START]?: EarlyStart };

export function setEarlyStart(start: EarlyStart): void {
  (globalThis as WithEarlyStart)[EARLY_START] = start;
}

/** What the classic script started; undefined when it did not run (a dev server serves no such script). */
export function earlyStart(): EarlyStart | undefined {
  return (globalThis as WithEarlyStart)[EARLY_START];
}
