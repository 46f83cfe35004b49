// "Export HAR": what to export (sessions in view, a connection, the filtered messages) and what to hide.
import { useState } from 'preact/hooks';
import { version } from '../../../package.json';
import { exportHar } from '../../shared/har/export';
import { harFileName } from '../../shared/har/file-name';
import { DEFAULT_REDACTION_MARKER } from '../../shared/har/redact';
import { Modal } from '../replay/Modal';
import { usePanel } from '../usePanel';
import { harBlob, saveBlob } from './download';
import type { ExportScope } from './export-records';

type ScopeKind = ExportScope['kind'];

export function ExportDialog(props: { onClose: () => void }) {
  const panel = usePanel();
  const sessionIds = panel.session.sessionIds.value;
  const visible = panel.log.visible.value;
  const connection = panel.session.connection(panel.filters.spec.value.connectionId ?? panel.selection.detail.value?.connection?.id);
  const shown = visible.length;
  const [scope, setScope] = useState<ScopeKind>('sessions');
  const [hideHeaders, setHideHeaders] = useState(true);
  const [fieldNames, setFieldNames] = useState('');
  const [marker, setMarker] = useState(DEFAULT_REDACTION_MARKER);
  const [status, setStatus] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false });

  const ready = scope === 'connection' ? connection !== undefined : scope === 'messages' ? shown > 0 : sessionIds.length > 0;
  /** Read at export time only: the filtered id list of 100,000 rows is not worth building per render. */
  const chosenScope = (): ExportScope => {
    if (scope === 'connection') return { kind: 'connection', connectionId: connection!.id };
    if (scope === 'messages') return { kind: 'messages', messageIds: Array.from(visible, (index) => panel.log.idAt(index)) };
    return { kind: 'sessions', sessionIds: [...sessionIds] };
  };

  const run = async () => {
    if (!ready) return;
    const chosen = chosenScope();
    setStatus({ busy: true });
    try {
      const source = await panel.data.exportSource(chosen);
      const har = exportHar(source, {
        creatorVersion: version,
        includeErrors: chosen.kind !== 'messages',
        redaction: {
          headers: hideHeaders,
          fieldNames: fieldNames
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean),
          marker: marker || DEFAULT_REDACTION_MARKER,
        },
      });
      const blob = await harBlob(har);
      const url = chosen.kind === 'connection' ? connection!.url : (source.connections[0]?.url ?? source.sessions[0]?.pageUrl ?? '');
      const fileName = harFileName(url, new Date());
      saveBlob(blob, fileName);
      const count = har.log.entries.reduce((sum, entry) => sum + (entry._webSocketMessages?.length ?? 0), 0);
      setStatus({ busy: false, done: `Saved ${fileName}: ${har.log.entries.length} connections, ${count} messages.` });
    } catch (error) {
      setStatus({ busy: false, error: `Export failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  const option = (kind: ScopeKind, label: string, disabled: boolean) => (
    <label class={disabled ? 'wsi-hint' : ''}>
      <input type="radio" name="har-scope" value={kind} checked={scope === kind} disabled={disabled} onChange={() => setScope(kind)} /> {label}
    </label>
  );

  return (
    <Modal title="Export HAR" onClose={props.onClose}>
      <fieldset class="wsi-field">
        <legend>What to export</legend>
        {option('sessions', `Everything in view (${sessionIds.length} session${sessionIds.length === 1 ? '' : 's'})`, sessionIds.length === 0)}
        {option('connection', connection ? `This connection: ${connection.url}` : 'This connection (select one first)', !connection)}
        {option('messages', `The messages the filter shows (${shown})`, shown === 0)}
      </fieldset>
      <fieldset class="wsi-field">
        <legend>Redaction</legend>
        <label>
          <input type="checkbox" checked={hideHeaders} onChange={(event) => setHideHeaders(event.currentTarget.checked)} /> Hide Cookie, Authorization and
          Set-Cookie header values
        </label>
        <label class="wsi-field">
          JSON fields (and URL query parameters) to hide, by name, comma-separated
          <input type="text" placeholder="password, token, apiKey" value={fieldNames} onInput={(event) => setFieldNames(event.currentTarget.value)} />
        </label>
        <label class="wsi-field">
          Replace hidden values with
          <input type="text" value={marker} onInput={(event) => setMarker(event.currentTarget.value)} />
        </label>
      </fieldset>
      {status.error && <div class="wsi-error">{status.error}</div>}
      {status.done && (
        <div class="wsi-ok" role="status">
          {status.done}
        </div>
      )}
      <div class="wsi-row">
        <span class="grow wsi-hint">Chrome DevTools' Network panel imports this file with its messages.</span>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
        <button type="button" class="primary" disabled={status.busy || !ready} onClick={() => void run()}>
          {status.busy ? 'Exporting…' : 'Export'}
        </button>
      </div>
    </Modal>
  );
}
