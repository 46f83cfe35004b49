// "Import HAR": pick a file, watch it parse and store in a worker, then open the read-only session.
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatBytes } from '../format';
import { Modal } from '../replay/Modal';
import { usePanel } from '../usePanel';
import { startImport, type ImportOutcome, type RunningImport } from './import-client';
import type { ImportPhase } from './import-protocol';

interface Progress {
  phase: ImportPhase;
  done: number;
  total: number;
}

const PHASE_LABEL: Record<ImportPhase, string> = { reading: 'Reading the file', parsing: 'Parsing and checking', writing: 'Storing messages' };

export function ImportDialog(props: { onClose: () => void }) {
  const panel = usePanel();
  const input = useRef<HTMLInputElement>(null);
  const running = useRef<RunningImport | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const inHistory = panel.session.inHistory;

  useEffect(() => () => running.current?.cancel(), []);

  const begin = async (file: File) => {
    setFileName(file.name);
    setOutcome(null);
    setProgress({ phase: 'reading', done: 0, total: file.size });
    running.current = startImport(file, (phase, done, total) => setProgress({ phase, done, total }));
    const result = await running.current.outcome;
    running.current = null;
    setProgress(null);
    setOutcome(result);
    if (result.t === 'done') {
      await panel.refresh();
      if (inHistory && result.summary.sessionIds[0]) panel.openSession(result.summary.sessionIds[0]);
    }
  };

  const busy = progress !== null;
  return (
    <Modal title="Import HAR" onClose={() => (busy ? running.current?.cancel() : props.onClose())}>
      <p class="wsi-hint">
        HAR files from Chrome DevTools, mitmproxy and other proxies, or from this extension, open as read-only sessions
        {inHistory ? '' : ' in the history tab'}.
      </p>
      <div class="wsi-row">
        <input
          ref={input}
          type="file"
          accept=".har,.json,application/json"
          aria-label="HAR file"
          disabled={busy}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) void begin(file);
            event.currentTarget.value = '';
          }}
        />
      </div>
      {progress && (
        <div class="wsi-field" role="status">
          <span>
            {PHASE_LABEL[progress.phase]} {fileName}
            {progress.total > 0 &&
              (progress.phase === 'reading'
                ? ` — ${formatBytes(progress.done)} of ${formatBytes(progress.total)}`
                : ` — ${progress.done} of ${progress.total} messages`)}
          </span>
          <progress class="wsi-progress" max={progress.total || undefined} value={progress.total ? progress.done : undefined} />
          <div class="wsi-row">
            <span class="grow" />
            <button type="button" onClick={() => running.current?.cancel()}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {outcome && <ImportResult outcome={outcome} fileName={fileName ?? ''} inHistory={inHistory} onOpenHistory={() => panel.openHistory()} />}
      <div class="wsi-row">
        <span class="grow" />
        <button type="button" disabled={busy} onClick={props.onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}

function ImportResult(props: { outcome: ImportOutcome; fileName: string; inHistory: boolean; onOpenHistory: () => void }) {
  const { outcome } = props;
  switch (outcome.t) {
    case 'done': {
      const { summary } = outcome;
      return (
        <div class="wsi-ok" role="status">
          Imported {props.fileName}: {summary.sessionIds.length} session{summary.sessionIds.length === 1 ? '' : 's'}, {summary.connections} connection
          {summary.connections === 1 ? '' : 's'}, {summary.messages} messages
          {summary.otherEntries > 0 ? ` (${summary.otherEntries} non-WebSocket entries left out)` : ''}.{' '}
          {!props.inHistory && (
            <button type="button" onClick={props.onOpenHistory}>
              Open history
            </button>
          )}
        </div>
      );
    }
    case 'invalid':
      return (
        <div class="wsi-error" role="alert">
          {props.fileName} was not imported:
          <ul class="wsi-errors">
            {outcome.errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        </div>
      );
    case 'failed':
      return (
        <div class="wsi-error" role="alert">
          Import failed, nothing was kept: {outcome.error}
        </div>
      );
    case 'cancelled':
      return <div class="wsi-hint">Import cancelled, nothing was kept.</div>;
  }
}
