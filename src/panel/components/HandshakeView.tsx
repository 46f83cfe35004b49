// The opening handshake as webRequest saw it, plus what the page saw negotiated.
import type { ConnectionRecord, HandshakeRecord, HeaderPair } from '../../shared/models';
import { formatClock, formatDateTime, formatDuration } from '../format';

export function HandshakeView({ connection, handshake }: { connection: ConnectionRecord | undefined; handshake: HandshakeRecord | undefined }) {
  if (!connection) return <div class="empty-table">Connection not found.</div>;
  return (
    <div class="handshake">
      <dl class="facts">
        <dt>URL</dt>
        <dd>{connection.url}</dd>
        <dt>Frame</dt>
        <dd>{connection.frameUrl}</dd>
        {connection.worker && (
          <>
            <dt>Worker</dt>
            <dd>
              {connection.worker.scriptUrl}
              {connection.worker.name && ` (“${connection.worker.name}”)`}
            </dd>
          </>
        )}
        {connection.api && (
          <>
            <dt>API</dt>
            <dd>{connection.api}</dd>
          </>
        )}
        <dt>Requested protocols</dt>
        <dd>{connection.requestedProtocols.join(', ') || '(none)'}</dd>
        <dt>Protocol</dt>
        <dd>{connection.protocol || '(none)'}</dd>
        <dt>Extensions</dt>
        <dd>{connection.extensions || '(none)'}</dd>
        {handshake && (
          <>
            <dt>Status</dt>
            <dd>{handshake.statusLine ?? (handshake.statusCode !== undefined ? String(handshake.statusCode) : '(no response)')}</dd>
            <dt>Started</dt>
            <dd>{`${formatDateTime(handshake.startedAt)}${formatClock(handshake.startedAt).slice(8)}`}</dd>
            <dt>{handshake.error ? 'Failed' : 'Completed'}</dt>
            <dd>
              {handshake.completedAt === undefined
                ? '(not yet)'
                : `${formatClock(handshake.completedAt)}, after ${formatDuration(handshake.completedAt - handshake.startedAt)}`}
            </dd>
          </>
        )}
        {handshake?.error && (
          <>
            <dt>Error</dt>
            <dd class="connection-error">{handshake.error}</dd>
          </>
        )}
      </dl>
      {handshake ? (
        <>
          <HeaderTable title="Request headers" headers={handshake.requestHeaders} />
          <HeaderTable title="Response headers" headers={handshake.responseHeaders ?? []} />
        </>
      ) : (
        <div class="empty-table">No handshake recorded for this connection.</div>
      )}
    </div>
  );
}

function HeaderTable({ title, headers }: { title: string; headers: HeaderPair[] }) {
  return (
    <section class="headers">
      <h3>{title}</h3>
      {headers.length === 0 ? (
        <div class="empty-table">(none)</div>
      ) : (
        <table>
          <tbody>
            {headers.map((header, i) => (
              <tr key={i}>
                <th scope="row">{header.name}</th>
                <td>{header.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
