// Background work in the panel (indexing full texts, decoding protocols) runs in chunks and gives the
// event loop a turn between them so the UI keeps painting. A disposed panel must leave no timer
// behind, so pending turns can be cancelled: the waiting work then learns it should stop.

export class Turns {
  /** Pending turns: a restarted pump may wait while an older one still does. */
  private readonly pending = new Map<ReturnType<typeof setTimeout>, (goOn: boolean) => void>();

  /** Resolves true after a turn of the event loop, or false if cancel() came first. */
  next(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, 0);
      this.pending.set(timer, resolve);
    });
  }

  cancel(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve(false);
    }
    this.pending.clear();
  }
}
