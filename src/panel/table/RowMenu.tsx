// A message row's menu: copy its whole payload (read through the panel's data layer, not the
// table's preview) as text, JSON, base64, hex or a HAR entry; copy its connection's URL; show only
// that connection; resend it (sent messages of the inspected tab's live connections).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredMessage } from '../../db/message-chunks';
import { copyText } from '../clipboard';
import { sendOn } from '../replay/commands';
import type { Panel } from '../state/panel';
import { usePanel } from '../usePanel';
import { ContextMenu, type MenuEntry } from './ContextMenu';
import { COPY_FORMATS, type CopyFormat } from './copy-format-names';
import type * as CopyModule from './copy-formats';

interface Prepared {
  formats: typeof CopyModule;
  source: CopyModule.CopySource;
}

export interface RowMenuProps {
  message: StoredMessage;
  x: number;
  y: number;
  onClose: (restoreFocus: boolean) => void;
  /** What happened (copied, resent, or why not), for the status bar. */
  onOutcome: (text: string) => void;
}

export function RowMenu({ message, x, y, onClose, onOutcome }: RowMenuProps) {
  const panel = usePanel();
  const connection = panel.session.connection(message.connectionId);
  const preparing = useRef<Promise<Prepared> | null>(null);
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  preparing.current ??= prepare(panel, message);

  useEffect(() => {
    let open = true;
    preparing.current!.then(
      (ready) => open && setPrepared(ready),
      (error: unknown) => open && setFailure(`Could not read the payload: ${error instanceof Error ? error.message : String(error)}`),
    );
    return () => {
      open = false;
    };
  }, []);

  const copyAs = async (format: CopyFormat, name: string) => {
    try {
      const { formats, source } = await preparing.current!;
      const result = formats.formatForCopy(format, source);
      if (!result.ok) return onOutcome(`Not copied as ${name}: ${result.reason}`);
      onOutcome((await copyText(result.text)) ? `Copied as ${name}` : 'The clipboard refused the copy');
    } catch (error) {
      onOutcome(`Not copied: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const resend = async () => {
    const { source } = await preparing.current!;
    if (!connection || source.data === undefined) return onOutcome('Not resent: its payload is no longer stored');
    const outcome = await sendOn(panel, connection, { kind: message.payload.kind, data: source.data });
    onOutcome(outcome.ok ? 'Resent.' : `Resend failed: ${outcome.error ?? 'unknown error'}`);
  };

  const cut = message.payload.truncated && !message.payload.lost;
  // Until the payload is read, every format is offered (a pick waits for it); then those that do not apply are greyed, with why.
  const copyEntries = COPY_FORMATS.map(({ id, name }): MenuEntry => {
    const reason = failure ?? (prepared ? prepared.formats.whyNotCopyable(id, prepared.source) : undefined);
    return {
      kind: 'action',
      label: `Copy as ${name}`,
      disabled: reason !== undefined,
      note: reason ?? (cut ? 'the stored part' : undefined),
      onSelect: () => void copyAs(id, name),
    };
  });

  const filteredToIt = panel.filters.spec.value.connectionId === message.connectionId;
  const { tabId } = panel.session;
  const canResend = message.direction === 'send' && tabId !== null && connection?.tabId === tabId;
  const entries: MenuEntry[] = [
    ...copyEntries,
    { kind: 'separator' },
    {
      kind: 'action',
      label: 'Copy connection URL',
      disabled: !connection,
      onSelect: () => void copyText(connection!.url).then((copied) => onOutcome(copied ? 'Copied the connection URL' : 'The clipboard refused the copy')),
    },
    filteredToIt
      ? { kind: 'action', label: 'Show all connections', onSelect: () => panel.selectConnection(null) }
      : { kind: 'action', label: 'Filter by this connection', onSelect: () => panel.selectConnection(message.connectionId) },
  ];
  entries.push({ kind: 'separator' }, ...pairEntries(panel, message.id), {
    kind: 'action',
    label: 'Compare with…',
    note: 'then click the other message',
    onSelect: () => {
      panel.compare.pick(message.id);
      onOutcome(`Click the message to compare with #${message.id}`);
    },
  });
  if (canResend) {
    entries.push(
      { kind: 'separator' },
      {
        kind: 'action',
        label: 'Resend',
        disabled: message.payload.truncated,
        note: message.payload.truncated ? 'cut at capture' : undefined,
        onSelect: () => void resend(),
      },
    );
  }
  return <ContextMenu label={`Message ${message.id}`} x={x} y={y} entries={entries} onClose={onClose} />;
}

/** "Jump to answer" on a request that has one, "Jump to request" on an answer. */
function pairEntries(panel: Panel, messageId: number): MenuEntry[] {
  const { pairs } = panel.pairs;
  const request = pairs.requestOf(messageId);
  if (request !== undefined) return [{ kind: 'action', label: 'Jump to request', onSelect: () => panel.jumpTo(request) }];
  const answer = pairs.answersOf(messageId)[0];
  if (answer !== undefined) return [{ kind: 'action', label: 'Jump to answer', onSelect: () => panel.jumpTo(answer) }];
  return [];
}

/** Loads the copy code, the full payload and the connection's handshake side by side. */
async function prepare(panel: Panel, message: StoredMessage): Promise<Prepared> {
  const connection = panel.session.connections.peek().find((c) => c.id === message.connectionId);
  const [formats, payload, handshake] = await Promise.all([
    import('./copy-formats'),
    panel.data.payloadOf(message.id),
    connection ? panel.data.handshakeOf(connection) : undefined,
  ]);
  return { formats, source: { message, data: payload?.data, connection, handshake } };
}
