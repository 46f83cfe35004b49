// Links requests to their answers, live, one message at a time. A message names its side and key through
// a Correlation (from its protocol's decoder, or from a JSON field: json-correlation.ts); a response is
// linked to the latest request of the same connection, scope and id, so streamed answers (GraphQL `next`,
// SignalR StreamItem) all belong to their subscription, and a reused id starts a new pair.
import type { Correlation } from '../../protocols/types';

export interface PairableMessage {
  id: number;
  connectionId: string;
  /** Milliseconds since the epoch (sub-millisecond precision). */
  time: number;
  correlation?: Correlation;
}

interface OpenRequest {
  id: number;
  time: number;
}

export class PairIndex {
  /** Request message id → its answers' ids, in arrival order. */
  private readonly answers = new Map<number, number[]>();
  /** Answer message id → its request's id. */
  private readonly requests = new Map<number, number>();
  /** Request id → milliseconds from the request to its first answer. */
  private readonly latencies = new Map<number, number>();
  private readonly open = new Map<string, OpenRequest>();
  /** Requests in arrival order, for the "never answered" filter. */
  private readonly requestIds: number[] = [];
  private readonly requestIdSet = new Set<number>();
  /** Latency samples per connection, in first-answer order. */
  private readonly samples = new Map<string, number[]>();

  add(message: PairableMessage): void {
    const { correlation } = message;
    if (!correlation) return;
    const key = `${message.connectionId}\u0000${correlation.scope}\u0000${correlation.id}`;
    if (correlation.role === 'request') {
      this.open.set(key, { id: message.id, time: message.time });
      if (!this.requestIdSet.has(message.id)) {
        this.requestIds.push(message.id);
        this.requestIdSet.add(message.id);
      }
      return;
    }
    const request = this.open.get(key);
    if (!request || request.id === message.id) return;
    this.requests.set(message.id, request.id);
    const answers = this.answers.get(request.id);
    if (answers) {
      answers.push(message.id);
      return;
    }
    this.answers.set(request.id, [message.id]);
    const latency = Math.max(0, message.time - request.time);
    this.latencies.set(request.id, latency);
    let samples = this.samples.get(message.connectionId);
    if (!samples) this.samples.set(message.connectionId, (samples = []));
    samples.push(latency);
  }

  /** The request a message answers, if it is an answer. */
  requestOf(messageId: number): number | undefined {
    return this.requests.get(messageId);
  }

  /** The answers to a request, in arrival order (empty if none yet). */
  answersOf(messageId: number): readonly number[] {
    return this.answers.get(messageId) ?? [];
  }

  /** Milliseconds from a request to its first answer. */
  latencyOf(messageId: number): number | undefined {
    return this.latencies.get(messageId);
  }

  /** Whether any request was seen: the Latency column shows from then on. */
  hasPairs(): boolean {
    return this.requestIds.length > 0;
  }

  isRequest(messageId: number): boolean {
    return this.requestIdSet.has(messageId);
  }

  /** Requests that have had no answer (yet), in arrival order. */
  unanswered(): number[] {
    return this.requestIds.filter((id) => !this.answers.has(id));
  }

  /** First-answer latencies of one connection, or of all connections when `connectionId` is undefined. */
  latencySamples(connectionId?: string): number[] {
    if (connectionId !== undefined) return [...(this.samples.get(connectionId) ?? [])];
    return [...this.samples.values()].flat();
  }
}
