// Groups the hook's batches into numbered relay batches and keeps each until the background
// acknowledges it.
import type { BatchWithBuffers } from '../shared/messages';
import { afterDelay, type Delay, type ScheduleDelay } from '../worlds/page-proof-timer';
import { hookBatchBytes, withoutMessages } from './hook-batches';

export interface PendingBatch {
  batch: number;
  /** The hook's batches, unparsed (hook-batches.ts). */
  chunks: BatchWithBuffers[];
  /** Estimated memory of `chunks`, for the unacked-data bound. */
  bytes: number;
  /** Malformed page details ignored since the previous batch. */
  rejected: number;
  /** Messages shed since the previous batch because unacked data outgrew its bound. */
  dropped: number;
  /** Posted on the current port (cleared on reconnect, when everything unacked goes again). */
  posted: boolean;
}

export interface BatcherLimits {
  /** Flush this long after the first event of a batch, so bursts travel together. */
  flushDelayMs: number;
  maxBatchBytes: number;
  /** Hook batches per relay batch (each holds up to MAX_BATCH_EVENTS events, src/page/channel.ts). */
  maxBatchChunks: number;
  /** Bound on everything not yet acknowledged (batches sent or waiting, and the open one). */
  maxUnackedBytes: number;
}

export const DEFAULT_BATCHER_LIMITS: BatcherLimits = {
  // Each batch costs the background a transaction and the browser two port messages, so fewer, larger
  // batches cost the extension less CPU (docs/PERFORMANCE.md, "Relay batches close after 100 ms").
  // 100 ms keeps the panel live (it redraws at most every 100 ms anyway).
  flushDelayMs: 100,
  maxBatchBytes: 512 * 1024,
  maxBatchChunks: 64,
  maxUnackedBytes: 64 * 1024 * 1024,
};

export class EventBatcher {
  private readonly unacked: PendingBatch[] = [];
  private open: BatchWithBuffers[] = [];
  private openBytes = 0;
  private unackedBytes = 0;
  private nextBatchNumber = 1;
  private rejectedSinceFlush = 0;
  private droppedSinceFlush = 0;
  private flushTimer: Delay | undefined;

  constructor(
    private readonly onBatchClosed: (batch: PendingBatch) => void,
    private readonly limits: BatcherLimits = DEFAULT_BATCHER_LIMITS,
    /** A delay the page cannot cancel (page-proof-timer.ts); tests pass one their fake clock runs. */
    private readonly schedule: ScheduleDelay = afterDelay,
  ) {}

  /**
   * While the document is hidden (pagehide) every event closes its batch at once: a timer might
   * never fire in a document that is going away, and the hook hands over its last events then too.
   */
  flushEachEvent = false;

  add(chunk: BatchWithBuffers): void {
    this.open.push(chunk);
    this.openBytes += hookBatchBytes(chunk);
    if (this.unackedBytes + this.openBytes > this.limits.maxUnackedBytes) this.shedOldestMessages();
    if (this.flushEachEvent || this.open.length >= this.limits.maxBatchChunks || this.openBytes >= this.limits.maxBatchBytes) this.flush();
    else this.flushTimer ??= this.schedule(this.limits.flushDelayMs, () => this.flush());
  }

  /** Counts a malformed page detail; the count travels in the next batch. */
  reject(): void {
    this.rejectedSinceFlush++;
    this.flushTimer ??= this.schedule(this.limits.flushDelayMs, () => this.flush());
  }

  flush(): void {
    this.flushTimer?.cancel();
    this.flushTimer = undefined;
    if (this.open.length === 0 && this.rejectedSinceFlush === 0 && this.droppedSinceFlush === 0) return;
    const batch: PendingBatch = {
      batch: this.nextBatchNumber++,
      chunks: this.open,
      bytes: this.openBytes,
      rejected: this.rejectedSinceFlush,
      dropped: this.droppedSinceFlush,
      posted: false,
    };
    this.open = [];
    this.openBytes = 0;
    this.rejectedSinceFlush = 0;
    this.droppedSinceFlush = 0;
    this.unacked.push(batch);
    this.unackedBytes += batch.bytes;
    this.onBatchClosed(batch);
  }

  acknowledge(batchNumber: number): void {
    const index = this.unacked.findIndex((pending) => pending.batch === batchNumber);
    if (index < 0) return;
    const [acked] = this.unacked.splice(index, 1);
    this.unackedBytes -= acked?.bytes ?? 0;
  }

  /** Every batch not yet acknowledged, oldest first. */
  pending(): readonly PendingBatch[] {
    return this.unacked;
  }

  /** The oldest batch not posted on the current port, if any. */
  nextUnposted(): PendingBatch | undefined {
    return this.unacked.find((batch) => !batch.posted);
  }

  /** Batches posted and not yet acknowledged: the background holds these in memory. */
  inFlight(): number {
    return this.unacked.filter((batch) => batch.posted).length;
  }

  /** After a reconnect every unacknowledged batch must be posted again, in order. */
  markAllUnposted(): void {
    for (const batch of this.unacked) batch.posted = false;
  }

  /**
   * Frees memory by dropping the message events of the oldest hook batches not posted yet (oldest
   * first, then the open relay batch): posted ones may already be stored, so dropping them would
   * miscount losses. Lifecycle events are tiny and keep connections consistent, so they are never dropped.
   */
  private shedOldestMessages(): void {
    let excess = this.unackedBytes + this.openBytes - this.limits.maxUnackedBytes;
    const shed = (chunks: BatchWithBuffers[]): { kept: BatchWithBuffers[]; freed: number } => {
      let freed = 0;
      const kept: BatchWithBuffers[] = [];
      for (const chunk of chunks) {
        if (excess <= 0) {
          kept.push(chunk);
          continue;
        }
        const before = hookBatchBytes(chunk);
        const { kept: lifecycle, dropped } = withoutMessages(chunk);
        const after = lifecycle ? hookBatchBytes(lifecycle) : 0;
        if (lifecycle) kept.push(lifecycle);
        excess -= before - after;
        freed += before - after;
        this.droppedSinceFlush += dropped;
      }
      return { kept, freed };
    };
    for (const batch of this.unacked) {
      if (excess <= 0) break;
      if (batch.posted) continue;
      const { kept, freed } = shed(batch.chunks);
      batch.chunks = kept;
      batch.bytes -= freed;
      this.unackedBytes -= freed;
    }
    if (excess > 0) {
      const { kept, freed } = shed(this.open);
      this.open = kept;
      this.openBytes -= freed;
    }
  }
}
