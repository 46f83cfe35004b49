// A connection's protocol, and the menu to decode it as another (remembered per socket origin); for
// Protocol Buffers, the menu also holds the message type of each direction (remembered per socket URL).
import { useEffect, useState } from 'preact/hooks';
import type { ProtocolDecoder } from '../../protocols/types';
import type { ConnectionRecord } from '../../shared/models';
import { usePanel } from '../usePanel';
import { socketOrigin } from './protocol-slice';
import { ProtoTypeChoice } from './ProtoTypeChoice';

export function ProtocolChoice({ connection }: { connection: ConnectionRecord }) {
  const panel = usePanel();
  const current = panel.protocols.byConnection.value.get(connection.id);
  const choice = panel.protocols.choices.value[socketOrigin(connection.url)];
  const [decoders, setDecoders] = useState<readonly ProtocolDecoder[] | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (open && !decoders) void panel.protocols.decoders().then(setDecoders);
  }, [open]);
  const value = choice ?? 'auto';
  const protobuf = current?.id === 'protobuf' || choice === 'protobuf';
  return (
    <span class="protocol-choice" onClick={(event) => event.stopPropagation()}>
      {!open ? (
        <button
          type="button"
          class="connection-decoder"
          title={`Decoded as ${current?.name ?? 'raw messages'}${choice ? ' (your choice for ' + socketOrigin(connection.url) + ')' : ' (detected)'}: click to change`}
          onClick={() => setOpen(true)}
        >
          {current?.name ?? 'raw'}
          {choice ? ' ✎' : ''}
        </button>
      ) : (
        <span
          class="protocol-menu"
          onFocusOut={(event) => {
            // Closes when the focus leaves the menu, not when it moves between its fields.
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpen(false);
          }}
        >
          <select
            aria-label={`Decode ${connection.url} as`}
            value={value}
            autoFocus
            onChange={(event) => {
              const next = event.currentTarget.value;
              // Protocol Buffers stays open: its message types are chosen next.
              if (next !== 'protobuf') setOpen(false);
              void panel.protocols.choose(connection, next as never);
            }}
          >
            <option value="auto">Detect automatically</option>
            <option value="raw">Raw (no protocol)</option>
            {(decoders ?? []).map((decoder) => (
              <option key={decoder.id} value={decoder.id}>
                {decoder.name}
              </option>
            ))}
          </select>
          {protobuf && <ProtoTypeChoice connection={connection} />}
        </span>
      )}
    </span>
  );
}
