// Background work in the panel (indexing full texts, decoding protocols) runs in chunks and gives the
// event loop a turn between them so the UI keeps painting. A disposed panel must leave no timer
// behind, so pending turns can be cancelled: the waiting work then learns it should stop.
import { onNextPaint } from './next-paint';

export class Turns {
  /** Pending waits, each settled with whether to go on: a restarted pump may wait while an older one still does. */
  private readonly pending = new Set<(goOn: boolean) => void>();
  /** Set by cancel(): the work is over for good (the panel is closing), so later waits start no timer. */
  private cancelled = false;

  /** Resolves true after a turn of the event loop, or false if cancel() came first. */
  next(): Promise<boolean> {
    return this.wait((done) => {
      const timer = setTimeout(done, 0);
      return () => clearTimeout(timer);
    });
  }

  /** Resolves true after the next paint (next-paint.ts), or false if cancel() came first. */
  afterPaint(): Promise<boolean> {
    return this.wait(onNextPaint);
  }

  /** Ends pending waits and every later one with false: for good, as the panel closes. */
  cancel(): void {
    this.cancelled = true;
    for (const settle of [...this.pending]) settle(false);
  }

  /** `start` begins a wait that calls `done` when over and returns how to stop it. */
  private wait(start: (done: () => void) => () => void): Promise<boolean> {
    if (this.cancelled) return Promise.resolve(false);
    return new Promise((resolve) => {
      const settle = (goOn: boolean) => {
        if (!this.pending.delete(settle)) return;
        stop();
        resolve(goOn);
      };
      const stop = start(() => settle(true));
      this.pending.add(settle);
    });
  }
}
