// "Edit and send" (out through the socket's own holder, the page or a worker, captured as replayed) and
// "Inject" (delivered to it as if the server sent it, never reaching the server). A closed socket offers
// a new connection.
import { useState } from 'preact/hooks';
import type { ConnectionRecord } from '../../shared/models';
import { connectsInItsWorker, socketHolder } from '../socket-holder';
import { usePanel } from '../usePanel';
import { injectOn, isClosedSocketError, openConnection, sendOn } from './commands';
import { Modal } from './Modal';
import { checkDraft, draftFrom, PayloadEditor } from './PayloadEditor';

export type MessageDialogMode = 'send' | 'inject';

interface Outcome {
  ok: boolean;
  text: string;
  /** The send failed because the socket is gone: offer to open a new one. */
  offerNewConnection?: boolean;
}

export interface MessageDialogProps {
  mode: MessageDialogMode;
  connection: ConnectionRecord;
  /** The message to start from: its kind, and its text or bytes. */
  kind: 'text' | 'binary';
  text: string | undefined;
  bytes: Uint8Array | undefined;
  onClose: () => void;
}

export function MessageDialog(props: MessageDialogProps) {
  const panel = usePanel();
  const [draft, setDraft] = useState(() => draftFrom(props.kind, props.text, props.bytes));
  const [target, setTarget] = useState(props.connection);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const check = checkDraft(draft);
  const verb = props.mode === 'send' ? 'Send' : 'Inject';
  const holder = socketHolder(target);

  const run = async () => {
    if (!check.ok) return;
    setBusy(true);
    const result = props.mode === 'send' ? await sendOn(panel, target, check.payload) : await injectOn(panel, target, check.payload);
    setBusy(false);
    if (result.ok) {
      setOutcome({ ok: true, text: props.mode === 'send' ? `Sent through the ${holder}’s socket.` : `Delivered to the ${holder} as a server message.` });
    } else {
      setOutcome({ ok: false, text: `${verb} failed: ${result.error ?? 'unknown error'}`, offerNewConnection: isClosedSocketError(result.error) });
    }
  };

  const reconnectAndRun = async () => {
    setBusy(true);
    setOutcome({ ok: true, text: `Opening a new connection to ${target.url}…` });
    const opened = await openConnection(panel, target.frameId, target.url, target.requestedProtocols, connectsInItsWorker(target) ? target.id : undefined);
    setBusy(false);
    if (!opened.ok) {
      setOutcome({ ok: false, text: opened.error });
      return;
    }
    setTarget(opened.connection);
    setOutcome({ ok: true, text: `New connection open. Press ${verb} to use it.` });
  };

  return (
    <Modal title={props.mode === 'send' ? 'Edit and send' : 'Inject a server message'} onClose={props.onClose} wide>
      <div class="wsi-hint">
        {props.mode === 'send'
          ? `Goes out through the ${holder}’s own socket, as if the ${holder} had sent it, and shows as “replayed”.`
          : target.api === 'WebSocketStream'
            ? `Is read by the ${holder} from the stream as the next message, and never reaches the server; shows as “injected”.`
            : `Reaches the ${holder}’s onmessage and every message listener (text, or binary per binaryType) and never the server; shows as “injected”.`}
        <br />
        Connection: <code>{target.url}</code> ({target.state})
      </div>
      <PayloadEditor draft={draft} onChange={setDraft} />
      {outcome && (
        <div class={outcome.ok ? 'wsi-ok' : 'wsi-error'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}{' '}
          {outcome.offerNewConnection && (
            <button type="button" disabled={busy} onClick={() => void reconnectAndRun()}>
              Open a new connection to this URL
            </button>
          )}
        </div>
      )}
      <div class="wsi-row">
        <span class="grow" />
        <button type="button" onClick={props.onClose}>
          Close
        </button>
        <button type="button" class="primary" disabled={busy || !check.ok} onClick={() => void run()}>
          {verb}
        </button>
      </div>
    </Modal>
  );
}
