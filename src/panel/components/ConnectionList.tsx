// Connections of the sessions in view; selecting one filters the table to it.
import { useEffect, useState } from 'preact/hooks';
import type { ConnectionRecord } from '../../shared/models';
import { formatBytes, formatDuration } from '../format';
import { interceptExclusion, workerKind } from '../socket-holder';
import { ProtocolChoice } from '../protocols/ProtocolChoice';
import { usePanel } from '../usePanel';

export function ConnectionList() {
  const panel = usePanel();
  const connections = panel.session.connections.value;
  const selected = panel.filters.spec.value.connectionId;
  const now = useNowWhile(connections.some((connection) => connection.state !== 'closed'));
  return (
    <div class="connection-list" role="listbox" aria-label="Connections">
      <div
        class={`connection-item all-connections${selected === null ? ' is-selected' : ''}`}
        role="option"
        aria-selected={selected === null}
        onClick={() => panel.selectConnection(null)}
      >
        All connections ({connections.length})
      </div>
      {connections.map((connection) => (
        <ConnectionItem
          key={connection.id}
          connection={connection}
          selected={connection.id === selected}
          onSelect={() => panel.selectConnection(connection.id === selected ? null : connection.id)}
          now={now}
        />
      ))}
    </div>
  );
}

/** The current time, re-rendering every second while `ticking` (open connections' durations grow). */
function useNowWhile(ticking: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return ticking ? now : Date.now();
}

interface ConnectionItemProps {
  connection: ConnectionRecord;
  selected: boolean;
  onSelect: () => void;
  now: number;
}

function ConnectionItem({ connection, selected, onSelect, now }: ConnectionItemProps) {
  const { close } = connection;
  const start = connection.openedAt ?? connection.createdAt;
  const end = connection.closedAt ?? now;
  const noIntercept = interceptExclusion(connection);
  return (
    <div
      class={`connection-item${selected ? ' is-selected' : ''}`}
      role="option"
      aria-selected={selected}
      data-connection-id={connection.id}
      onClick={onSelect}
    >
      {/* A URL from the page: shown as text, never a link. */}
      <div class="connection-url" title={connection.url}>
        {connection.url}
      </div>
      {connection.worker && (
        <div class="connection-context" title={`Opened in a ${workerKind(connection)}: ${connection.worker.scriptUrl}`}>
          {workerKind(connection)}
          {connection.worker.name && ` “${connection.worker.name}”`}: {connection.worker.scriptUrl}
        </div>
      )}
      <div class="connection-meta">
        <span class={`state state-${connection.state}`}>{connection.state}</span>
        {connection.api && <span class="connection-api">{connection.api}</span>}
        {connection.capturedBy === 'debugger' && (
          <span class="connection-api" title="Captured through Chrome’s debugger (deep capture): resend and inject go through the worker’s own socket">
            debugger
          </span>
        )}
        {noIntercept && (
          <span class="connection-api" title={noIntercept}>
            no intercept
          </span>
        )}
        {connection.protocol && <span class="connection-protocol">{connection.protocol}</span>}
        <ProtocolChoice connection={connection} />
        {connection.origin !== 'page' && <span class={`mark mark-${connection.origin}`}>{connection.origin}</span>}
        <span title="Messages sent / received">
          ↑{connection.sentCount} ↓{connection.receivedCount}
        </span>
        <span title="Bytes sent / received">
          {formatBytes(connection.sentBytes)} / {formatBytes(connection.receivedBytes)}
        </span>
        <span title="Duration">{formatDuration(Math.max(0, end - start))}</span>
      </div>
      {close && (
        <div class="connection-close">
          Closed {close.code}
          {close.reason && ` “${close.reason}”`}
          {close.wasClean ? '' : ' (not clean)'}
          {close.initiator !== 'unknown' && ` by ${close.initiator}`}
        </div>
      )}
      {connection.errors.map((error, i) => (
        <div key={i} class="connection-error">
          {error}
        </div>
      ))}
    </div>
  );
}
