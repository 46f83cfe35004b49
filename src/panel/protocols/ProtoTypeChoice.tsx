// The message type each direction of a Protocol Buffers connection carries, from the user's .proto files
// (added in Settings); remembered for the socket's URL without its query.
import type { ConnectionRecord } from '../../shared/models';
import type { ProtoDirectionTypes } from '../../shared/proto-schemas';
import { usePanel } from '../usePanel';

const DIRECTIONS = [
  ['send', 'Sent messages'],
  ['receive', 'Received messages'],
] as const;

export function ProtoTypeChoice({ connection }: { connection: ConnectionRecord }) {
  const { protoSchemas } = usePanel();
  const state = protoSchemas.state.value;
  void protoSchemas.settings.value;
  const types = protoSchemas.typesFor(connection.url) ?? {};
  if (state.status === 'none') return <span class="wsi-hint">Add .proto files in Settings to name the fields.</span>;
  if (state.status === 'parsing') return <span class="wsi-hint">Reading the .proto files…</span>;
  if (state.status === 'problems') return <span class="wsi-error">The .proto files have problems: see Settings.</span>;
  const set = (direction: keyof ProtoDirectionTypes, typeName: string) => void protoSchemas.setTypes(connection.url, { ...types, [direction]: typeName });
  return (
    <>
      {DIRECTIONS.map(([direction, label]) => (
        <label key={direction} class="proto-type">
          {label} as
          <select value={types[direction] ?? ''} onChange={(event) => set(direction, event.currentTarget.value)}>
            <option value="">no schema (wire format)</option>
            {/* A bound type missing from the files now is still listed, so the choice stays visible. */}
            {types[direction] && !state.messageTypes.includes(types[direction]) && (
              <option value={types[direction]}>{types[direction]} (not in the files)</option>
            )}
            {state.messageTypes.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      ))}
    </>
  );
}
