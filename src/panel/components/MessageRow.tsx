// One message row. Everything from the page is rendered as text nodes, never as markup.
import type { StoredMessage } from '../../db/message-chunks';
import { base64ToBytes, formatBytes, formatClock, shortfallOf } from '../format';
import { MarkBadges } from '../intercept/MarkBadges';

interface MessageRowProps {
  message: StoredMessage;
  rowIndex: number;
  selected: boolean;
  onSelect: () => void;
}

export function MessageRow({ message, rowIndex, selected, onSelect }: MessageRowProps) {
  const { payload, direction, origin } = message;
  const sent = direction === 'send';
  const shortfall = shortfallOf(payload);
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
      <span role="gridcell" class="col-direction" title={sent ? 'Sent' : 'Received'}>
        {sent ? '↑' : '↓'}
      </span>
      <span role="gridcell" class="col-time">
        {formatClock(message.time)}
      </span>
      <span role="gridcell" class="col-type" title={payload.source}>
        {payload.kind} · {payload.source}
      </span>
      <span role="gridcell" class="col-size" title={`${payload.size} bytes`}>
        {formatBytes(payload.size)}
      </span>
      <span role="gridcell" class="col-marks">
        {origin !== 'page' && <span class={`mark mark-${origin}`}>{origin}</span>}
        {message.mark && <MarkBadges mark={message.mark} />}
        {shortfall && (
          <span class="mark mark-truncated" title={shortfall.title}>
            {shortfall.label}
          </span>
        )}
      </span>
      <span role="gridcell" class="col-preview">
        {previewText(message)}
      </span>
    </div>
  );
}

function previewText(message: StoredMessage): string {
  const { payload } = message;
  if (payload.kind === 'text') return payload.preview.replace(/\s+/g, ' ');
  if (payload.lost) return ''; // no bytes to show; the "bytes lost" mark says why
  try {
    const bytes = base64ToBytes(payload.preview);
    const hex = Array.from(bytes.subarray(0, 24), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    return payload.size > 24 ? `${hex} …` : hex;
  } catch {
    return payload.preview;
  }
}
