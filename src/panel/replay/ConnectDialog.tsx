// "New connection": open a WebSocket from the inspected page (its origin and cookies) to a URL with
// protocols, then optionally replay chosen sent messages on it: original timing, fast, or step by step.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { StoredMessage } from '../../db/message-chunks';
import type { ConnectionRecord } from '../../shared/models';
import { formatBytes, formatClock } from '../format';
import { usePanel } from '../usePanel';
import { connectsInItsWorker } from '../socket-holder';
import { openConnection, sendOn } from './commands';
import { Modal } from './Modal';
import { SequencePlayer, type ReplayMode, type SequenceStatus } from './sequence';

const LIST_LIMIT = 2000;

const MODE_LABEL: Record<ReplayMode, string> = {
  timed: 'Original timing',
  fast: 'As fast as possible',
  step: 'Step by step',
};

export function ConnectDialog(props: { base: ConnectionRecord | undefined; initialChosen?: number[]; onClose: () => void }) {
  const panel = usePanel();
  const { log } = panel;
  const rowsVersion = log.version.value;
  const visible = log.visible.value;
  const [url, setUrl] = useState(props.base?.url ?? '');
  const [protocols, setProtocols] = useState(props.base?.requestedProtocols.join(', ') ?? '');
  const [mode, setMode] = useState<ReplayMode>('fast');
  const [status, setStatus] = useState<{ text: string; ok: boolean } | null>(null);
  const [sequence, setSequence] = useState<SequenceStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const player = useRef<SequencePlayer | null>(null);
  useEffect(() => () => player.current?.stop(), []);

  // Sent messages of the base connection (or of everything in view), in capture order.
  const candidates = useMemo(
    () =>
      log
        .indexesWhere((rows, index) => rows.isSent(index) && (!props.base || rows.connectionIdAt(index) === props.base.id))
        .map((index) => log.messageAt(index)),
    [rowsVersion, props.base?.id],
  );
  const shownIds = useMemo(() => new Set(Array.from(visible, (index) => log.idAt(index))), [visible]);
  const [chosen, setChosen] = useState<Set<number>>(
    () => new Set(props.initialChosen ?? candidates.filter((row) => shownIds.has(row.id) && !row.payload.truncated).map((row) => row.id)),
  );

  const choose = (ids: Iterable<number>) => setChosen(new Set(ids));
  const replayable = (row: StoredMessage) => !row.payload.truncated;
  const urlError = checkUrl(url);
  const protocolList = protocols
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

  const inThisTab = props.base?.tabId === panel.session.tabId;
  const frameId = inThisTab ? props.base!.frameId : 0;
  const inWorker = inThisTab && connectsInItsWorker(props.base!);

  const run = async () => {
    setBusy(true);
    setSequence(null);
    setStatus({ ok: true, text: `Opening ${url}…` });
    const opened = await openConnection(panel, frameId, url, protocolList, inWorker ? props.base!.id : undefined);
    if (!opened.ok) {
      setBusy(false);
      setStatus({ ok: false, text: opened.error });
      return;
    }
    const connection = opened.connection;
    setStatus({ ok: true, text: `Connected (${connection.protocol ? `protocol ${connection.protocol}` : 'no protocol'}); it shows as its own connection.` });
    const rows = candidates.filter((row) => chosen.has(row.id));
    if (rows.length === 0) {
      setBusy(false);
      return;
    }
    const payloads = await panel.data.payloadsOf(rows.map((row) => row.id));
    const missing = rows.findIndex((_, index) => payloads[index] === undefined);
    if (missing >= 0) {
      setBusy(false);
      setStatus({ ok: false, text: `The payload of message #${rows[missing]!.id} is no longer stored.` });
      return;
    }
    const items = rows.map((row, index) => ({ time: row.time, payload: { kind: row.payload.kind, data: payloads[index]!.data } }));
    player.current = new SequencePlayer(items, mode, (payload) => sendOn(panel, connection, payload), setSequence);
    await player.current.play();
    player.current = null;
    setBusy(false);
  };

  return (
    <Modal title={`New connection from the ${inWorker ? 'worker' : 'page'}`} onClose={props.onClose} wide>
      <label class="wsi-field">
        URL (ws: or wss:) — opened by the inspected page{inWorker ? '’s worker that holds this connection' : ''}, with its origin and cookies
        <input type="url" value={url} onInput={(event) => setUrl(event.currentTarget.value)} aria-label="WebSocket URL" />
      </label>
      {url !== '' && urlError && <span class="wsi-error">{urlError}</span>}
      <label class="wsi-field">
        Protocols (comma-separated, optional)
        <input type="text" value={protocols} onInput={(event) => setProtocols(event.currentTarget.value)} aria-label="Protocols" />
      </label>
      <fieldset class="wsi-field">
        <legend>
          Replay sent messages{props.base ? ' of this connection' : ''}: {chosen.size} chosen
        </legend>
        <div class="wsi-row">
          <button type="button" onClick={() => choose(candidates.filter((r) => shownIds.has(r.id) && replayable(r)).map((r) => r.id))}>
            Those the filter shows
          </button>
          <button type="button" onClick={() => choose(candidates.filter(replayable).map((r) => r.id))}>
            All
          </button>
          <button type="button" onClick={() => choose([])}>
            None
          </button>
        </div>
        <div class="wsi-pick-list" role="group" aria-label="Messages to replay">
          {candidates.slice(0, LIST_LIMIT).map((row) => (
            <label key={row.id} title={row.payload.truncated ? 'Cut at capture: cannot be replayed exactly' : ''}>
              <input
                type="checkbox"
                disabled={!replayable(row)}
                checked={chosen.has(row.id)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.currentTarget.checked) next.add(row.id);
                  else next.delete(row.id);
                  setChosen(next);
                }}
              />
              <span>{formatClock(row.time)}</span>
              <span>{row.payload.kind === 'text' ? row.payload.preview : `binary ${formatBytes(row.payload.size)}`}</span>
            </label>
          ))}
          {candidates.length > LIST_LIMIT && <div class="wsi-hint">… {candidates.length - LIST_LIMIT} more (use “All” or the filter)</div>}
          {candidates.length === 0 && <div class="wsi-hint">No sent messages to replay.</div>}
        </div>
        <div class="wsi-row" role="radiogroup" aria-label="Replay mode">
          {(Object.keys(MODE_LABEL) as ReplayMode[]).map((value) => (
            <label key={value}>
              <input type="radio" name="replay-mode" checked={mode === value} onChange={() => setMode(value)} /> {MODE_LABEL[value]}
            </label>
          ))}
        </div>
      </fieldset>
      {status && (
        <div class={status.ok ? 'wsi-ok' : 'wsi-error'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </div>
      )}
      {sequence && <SequenceProgress status={sequence} onNext={() => player.current?.next()} onStop={() => player.current?.stop()} />}
      <div class="wsi-row">
        <span class="grow" />
        <button type="button" onClick={props.onClose}>
          Close
        </button>
        <button type="button" class="primary" disabled={busy || urlError !== null} onClick={() => void run()}>
          {chosen.size > 0 ? `Connect and replay ${chosen.size}` : 'Connect'}
        </button>
      </div>
    </Modal>
  );
}

function SequenceProgress(props: { status: SequenceStatus; onNext: () => void; onStop: () => void }) {
  const { status } = props;
  const live = status.state === 'running' || status.state === 'waiting';
  return (
    <div class="wsi-field" role="status" aria-label="Replay progress">
      <div class="wsi-row">
        <span class="grow sequence-count">
          {status.sent} of {status.total} sent
          {status.state === 'done' && ' — done'}
          {status.state === 'stopped' && ' — stopped'}
        </span>
        {status.state === 'waiting' && (
          <button type="button" class="primary" onClick={props.onNext}>
            Next
          </button>
        )}
        {live && (
          <button type="button" onClick={props.onStop}>
            Stop
          </button>
        )}
      </div>
      <progress class="wsi-progress" max={status.total} value={status.sent} />
      {status.error && <span class="wsi-error">Stopped: {status.error}</span>}
    </div>
  );
}

function checkUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'ws:' || parsed.protocol === 'wss:' ? null : 'The URL must start with ws:// or wss://';
  } catch {
    return 'Not a valid URL';
  }
}
