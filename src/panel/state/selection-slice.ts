// Selection and detail: the selected message, and its payload and handshake once read.
import { batch, signal } from '@preact/signals';
import type { StoredMessage } from '../../db/message-chunks';
import type { ReadQueries } from '../../db/queries';
import type { ConnectionRecord, HandshakeRecord } from '../../shared/models';
import { base64ToBytes, textToBytes } from '../format';
import type { LogSlice } from './log-slice';
import type { SessionSlice } from './session-slice';

/** The selected message with everything the detail pane (and the Frames view) shows. */
export interface Selection {
  message: StoredMessage;
  connection: ConnectionRecord | undefined;
  /** 'loading' until the payload record is read; 'missing' if it was deleted or never stored. */
  status: 'loading' | 'ready' | 'missing';
  /** Full payload text (text messages). */
  text?: string;
  /** Payload bytes: UTF-8 of the text, or the decoded binary. */
  bytes?: Uint8Array;
  handshake?: HandshakeRecord;
}

export class SelectionSlice {
  readonly selectedId = signal<number | null>(null);
  readonly detail = signal<Selection | null>(null);
  /** Bumped when a selection made elsewhere (jump to an answer) should scroll the table to it. */
  readonly revealRequest = signal(0);

  constructor(
    private readonly queries: Pick<ReadQueries, 'payloadOf' | 'handshakeOf'>,
    private readonly log: LogSlice,
    private readonly session: SessionSlice,
  ) {}

  select(messageId: number | null): void {
    if (messageId === this.selectedId.peek()) return;
    const message = messageId === null ? undefined : this.log.rowById(messageId);
    if (!message) return this.clear();
    const connection = this.session.connections.peek().find((c) => c.id === message.connectionId);
    batch(() => {
      this.selectedId.value = message.id;
      this.detail.value = { message, connection, status: 'loading' };
    });
    void this.readDetail(message, connection);
  }

  /** Selects a message and asks the table to scroll to it. */
  reveal(messageId: number): void {
    this.select(messageId);
    this.revealRequest.value++;
  }

  clear(): void {
    batch(() => {
      this.selectedId.value = null;
      this.detail.value = null;
    });
  }

  private async readDetail(message: StoredMessage, connection: ConnectionRecord | undefined): Promise<void> {
    const [payload, handshake] = await Promise.all([
      this.queries.payloadOf(message.id),
      connection ? this.queries.handshakeOf(connection) : Promise.resolve(undefined),
    ]);
    if (this.selectedId.peek() !== message.id) return;
    const detail: Selection = { message, connection, status: payload ? 'ready' : 'missing', ...(handshake && { handshake }) };
    if (payload) {
      if (message.payload.kind === 'text') {
        detail.text = payload.data;
        detail.bytes = textToBytes(payload.data);
      } else {
        detail.bytes = safeBase64(payload.data);
      }
    }
    this.detail.value = detail;
  }
}

function safeBase64(data: string): Uint8Array {
  try {
    return base64ToBytes(data);
  } catch {
    return new Uint8Array();
  }
}
