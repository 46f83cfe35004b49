// What a message row's cell shows: its class, text (or marks) and tooltip. Pure, so the table's rows
// (MessageRow) and the panel's first rows, drawn before Preact loads (first-rows.ts), say the same.
import type { StoredMessage } from '../../db/message-chunks';
import type { DecodedMessage } from '../../protocols/types';
import type { ConnectionRecord } from '../../shared/models';
import { formatBytes } from '../format';
import type { PairNote } from '../pairs/pair-text';
import { connectionLabel, opcodeOf, previewText } from './cell-text';
import { columnSpec, type ColumnId } from './columns';
import { marksOf, type Mark } from './row-marks';

export interface CellContent {
  className: string;
  text: string;
  title?: string;
  /** The Marks column's marks, shown instead of `text`. */
  marks?: Mark[];
}

export function cellContent(
  id: ColumnId,
  message: StoredMessage,
  time: string,
  connection: ConnectionRecord | undefined,
  decoded: DecodedMessage | undefined,
  pair: PairNote | undefined,
): CellContent {
  const { payload } = message;
  const cell = (text: string, title?: string): CellContent => ({ className: columnSpec(id).className, text, title });
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
      return { ...cell(''), marks: marksOf(message) };
    case 'summary':
      if (!decoded) return cell('');
      return {
        className: `col-summary${decoded.error ? ' is-malformed' : ''}`,
        text: decoded.summary,
        title: decoded.error ? `${decoded.protocol}: ${decoded.error}` : decoded.protocol,
      };
    case 'data':
      return cell(previewText(message));
  }
}
