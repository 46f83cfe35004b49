// Which two messages are compared: picked by Ctrl/Cmd+click on a second row, or "Compare with…" in a row's
// menu then a click on the other. The diff view (DiffView.tsx) loads on first use.
import { batch, signal } from '@preact/signals';

export class CompareSlice {
  /** The message "Compare with…" was chosen on, waiting for the click on the other. */
  readonly pending = signal<number | null>(null);
  /** The pair compared: `before` is the one picked first. */
  readonly shown = signal<{ before: number; after: number } | null>(null);

  pick(messageId: number): void {
    this.pending.value = messageId;
  }

  open(before: number, after: number): void {
    batch(() => {
      this.pending.value = null;
      this.shown.value = { before, after };
    });
  }

  close(): void {
    batch(() => {
      this.pending.value = null;
      this.shown.value = null;
    });
  }
}
