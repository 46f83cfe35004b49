// Actions on the selected message in the detail pane: resend as is, edit and send, inject, new connection.
import { useState } from 'preact/hooks';
import { bytesToBase64 } from '../format';
import type { PayloadInput } from '../../shared/messages';
import { lazyComponent } from '../components/Lazy';
import { Modal } from './Modal';
import type { Selection } from '../state/selection-slice';
import { usePanel } from '../usePanel';
import { isClosedSocketError, sendOn } from './commands';
import type { MessageDialogMode } from './MessageDialog';

// The dialogs load when first opened; until then a box with their title says "Loading…".
const MessageDialog = lazyComponent(
  async () => (await import('./MessageDialog')).MessageDialog,
  (props, note) => (
    <Modal title={props.mode === 'send' ? 'Edit and send' : 'Inject a server message'} onClose={props.onClose} wide>
      {note}
    </Modal>
  ),
);
const ConnectDialog = lazyComponent(
  async () => (await import('./ConnectDialog')).ConnectDialog,
  (props, note) => (
    <Modal title="New connection from the page" onClose={props.onClose} wide>
      {note}
    </Modal>
  ),
);

type Open = { t: 'message'; mode: MessageDialogMode } | { t: 'connect' } | null;

/** Whether commands can reach the selection's socket: a live capture of the inspected tab, by the page hook. */
export function canReplay(tabId: number | null, selection: Selection | null): boolean {
  const connection = selection?.connection;
  return tabId !== null && connection !== undefined && connection.tabId === tabId;
}

function payloadOf(selection: Selection): PayloadInput | null {
  if (selection.status !== 'ready' || selection.message.payload.truncated) return null;
  if (selection.message.payload.kind === 'text') return selection.text === undefined ? null : { kind: 'text', data: selection.text };
  return selection.bytes ? { kind: 'binary', data: bytesToBase64(selection.bytes) } : null;
}

export function ReplayActions() {
  const panel = usePanel();
  const [open, setOpen] = useState<Open>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string; closed?: boolean } | null>(null);
  const selection = panel.selection.detail.value;
  if (!selection || !canReplay(panel.session.tabId, selection)) return null;
  const connection = selection.connection!;
  const payload = payloadOf(selection);
  const isSent = selection.message.direction === 'send';
  const cutNote = selection.message.payload.truncated ? 'The payload was cut at capture: it cannot be resent exactly' : '';

  const resend = async () => {
    if (!payload) return;
    setResult(null);
    const outcome = await sendOn(panel, connection, payload);
    setResult(
      outcome.ok
        ? { ok: true, text: 'Resent.' }
        : { ok: false, text: `Resend failed: ${outcome.error ?? 'unknown error'}`, closed: isClosedSocketError(outcome.error) },
    );
  };

  return (
    <div class="replay-actions wsi-row" role="group" aria-label="Replay">
      {isSent && (
        <button type="button" disabled={!payload} title={cutNote || 'Send this message again through the page’s socket'} onClick={() => void resend()}>
          ↻ Resend
        </button>
      )}
      <button
        type="button"
        disabled={!payload}
        title={cutNote || 'Edit, then send through the page’s socket'}
        onClick={() => setOpen({ t: 'message', mode: 'send' })}
      >
        ✎ Edit and send
      </button>
      <button
        type="button"
        disabled={!payload}
        title={cutNote || 'Deliver to the page as if the server had sent it'}
        onClick={() => setOpen({ t: 'message', mode: 'inject' })}
      >
        ⇣ Inject
      </button>
      {result && (
        <span class={result.ok ? 'wsi-ok' : 'wsi-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}{' '}
          {result.closed && (
            <button type="button" onClick={() => setOpen({ t: 'connect' })}>
              Open a new connection…
            </button>
          )}
        </span>
      )}
      {open?.t === 'message' && payload && (
        <MessageDialog
          mode={open.mode}
          connection={connection}
          kind={payload.kind}
          text={selection.text}
          bytes={selection.bytes}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.t === 'connect' && <ConnectDialog base={connection} initialChosen={isSent ? [selection.message.id] : []} onClose={() => setOpen(null)} />}
    </div>
  );
}

/** Toolbar button: a new connection from the inspected page (based on the selected connection, if any). */
export function NewConnectionButton() {
  const panel = usePanel();
  const [open, setOpen] = useState(false);
  const { tabId } = panel.session;
  if (tabId === null) return null;
  const selected = panel.selection.detail.value?.connection;
  const base = panel.session.connection(panel.filters.spec.value.connectionId) ?? (selected?.tabId === tabId ? selected : undefined);
  return (
    <>
      <button type="button" title="Open a WebSocket from the inspected page and replay messages on it" onClick={() => setOpen(true)}>
        ⊕ New connection
      </button>
      {open && <ConnectDialog base={base?.tabId === tabId ? base : undefined} onClose={() => setOpen(false)} />}
    </>
  );
}
