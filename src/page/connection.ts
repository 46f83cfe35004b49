// One tracked WebSocket: its id, message numbering, close bookkeeping, and an ordered outbox.
// Blob payloads are read asynchronously, so a message may be numbered before its record is ready;
// the outbox holds later events back until every earlier one can go, keeping per-connection order.
import type { CapturedPayload, HookEvent } from '../shared/messages';
import type { CloseInfo, Direction, MessageOrigin } from '../shared/models';
import type { InterceptMark } from '../shared/intercept';
import { newList, now } from '../worlds/pristine';

interface OutboxSlot {
  event: HookEvent | null;
}

export class Connection {
  /** The socket while it may still carry messages; dropped after close so closed sockets can be collected. */
  socket: WebSocket | null;
  /** True once the page called close() while the socket was connecting or open. */
  closeRequestedByPage = false;
  opened = false;
  closeInfo: CloseInfo | null = null;
  private lastSeq = 0;
  private outbox = newList<OutboxSlot>();
  private outboxHead = 0;

  constructor(
    readonly id: string,
    /** Absolute URL as the socket reports it. */
    readonly url: string,
    /** Null for a connection with no WebSocket object (a WebSocketStream: src/page/websocket-stream.ts). */
    socket: WebSocket | null,
    private readonly emit: (event: HookEvent) => void,
  ) {
    this.socket = socket;
  }

  /** Sends `event` now, or after the events queued before it. */
  push(event: HookEvent): void {
    if (this.outboxHead === this.outbox.length) this.emit(event);
    else this.outbox[this.outbox.length] = { event };
  }

  /** A message whose payload is ready now. */
  pushMessage(dir: Direction, origin: MessageOrigin, payload: CapturedPayload, mark?: InterceptMark): void {
    this.push(this.messageEvent(this.nextSeq(), dir, origin, payload, now(), mark));
  }

  /**
   * Numbers and timestamps a message now, for a payload that arrives later: call the returned
   * function exactly once with it. Events pushed in between wait for it.
   */
  reserveMessage(dir: Direction, origin: MessageOrigin, mark?: InterceptMark): (payload: CapturedPayload) => void {
    const seq = this.nextSeq();
    const time = now();
    const slot: OutboxSlot = { event: null };
    this.outbox[this.outbox.length] = slot;
    return (payload) => {
      slot.event = this.messageEvent(seq, dir, origin, payload, time, mark);
      this.drain();
    };
  }

  private drain(): void {
    while (this.outboxHead < this.outbox.length) {
      const slot = this.outbox[this.outboxHead]!;
      if (slot.event === null) return;
      this.outboxHead++;
      this.emit(slot.event);
    }
    this.outbox = newList<OutboxSlot>();
    this.outboxHead = 0;
  }

  private nextSeq(): number {
    return ++this.lastSeq;
  }

  private messageEvent(seq: number, dir: Direction, origin: MessageOrigin, payload: CapturedPayload, time: number, mark: InterceptMark | undefined): HookEvent {
    if (mark !== undefined) return { t: 'message', conn: this.id, seq, dir, time, payload, origin, mark };
    return { t: 'message', conn: this.id, seq, dir, time, payload, origin };
  }
}
