// One message row: a cell per column shown. Everything from the page is rendered as text nodes, never as markup.
import type { StoredMessage } from '../../db/message-chunks';
import type { DecodedMessage } from '../../protocols/types';
import type { ConnectionRecord } from '../../shared/models';
import type { PairNote } from '../pairs/pair-text';
import { cellContent } from '../table/cell-content';
import type { ColumnId } from '../table/columns';

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
  const { className, text, title, marks } = cellContent(id, message, time, connection, decoded, pair);
  return (
    <span key={id} role="gridcell" class={className} title={title}>
      {marks
        ? marks.map((mark) => (
            <span key={mark.kind} class={`mark mark-${mark.kind}`} title={mark.title}>
              {mark.label}
            </span>
          ))
        : text}
    </span>
  );
}
