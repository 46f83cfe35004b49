// One message row: a cell per column shown. Everything from the page is rendered as text nodes, never as markup.
import type { ComponentChildren } from 'preact';
import type { StoredMessage } from '../../db/message-chunks';
import type { DecodedMessage } from '../../protocols/types';
import type { ConnectionRecord } from '../../shared/models';
import { formatBytes } from '../format';
import type { PairNote } from '../pairs/pair-text';
import { connectionLabel, opcodeOf, previewText } from '../table/cell-text';
import { columnSpec, type ColumnId } from '../table/columns';
import { marksOf } from '../table/row-marks';

interface MessageRowProps {
  message: StoredMessage;
  columns: readonly ColumnId[];
  rowIndex: number;
  selected: boolean;
  /** The Time cell's text, in the table's time format. */
  time: string;
  /** Its connection, when the Connection column is shown. */
  connection: ConnectionRecord | undefined;
  /** The message as its connection's protocol reads it, once decoded. */
  decoded?: DecodedMessage;
  /** Its pair, when the Latency column is shown. */
  pair: PairNote | undefined;
  onSelect: (event: MouseEvent) => void;
}

export function MessageRow({ message, columns, rowIndex, selected, time, connection, decoded, pair, onSelect }: MessageRowProps) {
  const sent = message.direction === 'send';
  return (
    <div
      id={`message-${message.id}`}
      class={`message-row ${sent ? 'is-sent' : 'is-received'}${selected ? ' is-selected' : ''}`}
      role="row"
      aria-rowindex={rowIndex}
      aria-selected={selected}
      data-message-id={message.id}
      onClick={onSelect}
    >
      {columns.map((id) => cellOf(id, message, time, connection, decoded, pair))}
    </div>
  );
}

/** A plain function, not a component: rows re-render with every live update, and cells need no state of their own. */
function cellOf(
  id: ColumnId,
  message: StoredMessage,
  time: string,
  connection: ConnectionRecord | undefined,
  decoded: DecodedMessage | undefined,
  pair: PairNote | undefined,
) {
  const { payload } = message;
  const cell = (content: ComponentChildren, title?: string) => (
    <span key={id} role="gridcell" class={columnSpec(id).className} title={title}>
      {content}
    </span>
  );
  switch (id) {
    case 'direction':
      return message.direction === 'send' ? cell('↑', 'Sent') : cell('↓', 'Received');
    case 'time':
      return cell(time);
    case 'connection':
      return connection ? cell(connectionLabel(connection.url), connection.url) : cell(message.connectionId);
    case 'type':
      return cell(`${payload.kind} · ${payload.source}`, payload.source);
    case 'opcode': {
      const opcode = opcodeOf(payload.kind);
      return cell(opcode.code, opcode.name);
    }
    case 'size':
      return cell(formatBytes(payload.size), `${payload.size} bytes`);
    case 'latency':
      return pair ? cell(pair.text, pair.title) : cell('');
    case 'marks':
      return cell(
        marksOf(message).map((mark) => (
          <span key={mark.kind} class={`mark mark-${mark.kind}`} title={mark.title}>
            {mark.label}
          </span>
        )),
      );
    case 'summary':
      if (!decoded) return cell('');
      return (
        <span
          key={id}
          role="gridcell"
          class={`col-summary${decoded.error ? ' is-malformed' : ''}`}
          title={decoded.error ? `${decoded.protocol}: ${decoded.error}` : decoded.protocol}
        >
          {decoded.summary}
        </span>
      );
    case 'data':
      return cell(previewText(message));
  }
}
