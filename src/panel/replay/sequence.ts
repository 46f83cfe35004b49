// Plays chosen messages onto a connection: with their original gaps, as fast as possible (each send
// still awaits the previous one's result, so order holds), or one per "Next".
import type { PayloadInput } from '../../shared/messages';

export type ReplayMode = 'timed' | 'fast' | 'step';

export interface SequenceItem {
  /** Original capture time (ms), for the timed mode's gaps. */
  time: number;
  payload: PayloadInput;
}

export interface SequenceStatus {
  state: 'running' | 'waiting' | 'done' | 'failed' | 'stopped';
  sent: number;
  total: number;
  error?: string;
}

type Send = (payload: PayloadInput) => Promise<{ ok: boolean; error?: string }>;

export class SequencePlayer {
  private status: SequenceStatus;
  private wake: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly items: SequenceItem[],
    private readonly mode: ReplayMode,
    private readonly send: Send,
    private readonly onStatus: (status: SequenceStatus) => void,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.status = { state: 'running', sent: 0, total: items.length };
  }

  async play(): Promise<SequenceStatus> {
    for (let index = 0; index < this.items.length; index++) {
      if (this.mode === 'step') await this.waitForNext();
      else if (this.mode === 'timed' && index > 0) await this.pause(this.items[index]!.time - this.items[index - 1]!.time);
      if (this.stopped) return this.report({ ...this.status, state: 'stopped' });
      const result = await this.send(this.items[index]!.payload);
      if (!result.ok) return this.report({ ...this.status, state: 'failed', error: result.error ?? 'Send failed' });
      this.report({ ...this.status, sent: index + 1 });
    }
    return this.report({ ...this.status, state: 'done' });
  }

  /** Step mode: send the next message. */
  next(): void {
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private waitForNext(): Promise<void> {
    this.report({ ...this.status, state: 'waiting' });
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        if (!this.stopped) this.report({ ...this.status, state: 'running' });
        resolve();
      };
    });
  }

  /** Sleeps `ms` but wakes at once on stop(). */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
      void this.sleep(Math.max(0, ms)).then(() => this.wake?.());
    });
  }

  private report(status: SequenceStatus): SequenceStatus {
    this.status = status;
    this.onStatus(status);
    return status;
  }
}
