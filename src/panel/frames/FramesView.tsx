// Slot for the frame-level view (RFC 6455 frames re-encoded for the connection's extensions).
// Another module fills this in; the detail pane already passes everything it needs.
import type { StoredMessage } from '../../db/queries';
import type { ConnectionRecord } from '../../shared/models';

export interface FramesViewProps {
  message: StoredMessage;
  /** The full payload as bytes (UTF-8 for text), undefined while loading or if not stored. */
  payloadBytes: Uint8Array | undefined;
  connection: ConnectionRecord | undefined;
}

export function FramesView({ payloadBytes }: FramesViewProps) {
  return (
    <div class="frames-placeholder" data-testid="frames-view">
      Frame-level view: not available yet{payloadBytes ? ` (${payloadBytes.length} payload bytes)` : ''}.
    </div>
  );
}
