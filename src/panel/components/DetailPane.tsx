// The selected message: payload views, the connection's handshake, and the Frames slot.
import { useState } from 'preact/hooks';
import { PairLinks } from '../pairs/PairLinks';
import { ReplayActions } from '../replay/ReplayActions';
import type { Selection } from '../state/selection-slice';
import { isGenericProtocol } from '../protocols/protocol-slice';
import { useDecodedTree, type DecodedTree } from '../protocols/use-decoded-tree';
import { usePanel } from '../usePanel';
import { lazyComponent } from './Lazy';
import { HandshakeView } from './HandshakeView';
import { DETAIL_PANE_ID } from './MessageTable';
import { PayloadView } from './PayloadView';
import { bytesToHex } from '../replay/payload-edit';

const FramesView = lazyComponent(async () => (await import('../frames/FramesView')).FramesView);
const OriginalAndResult = lazyComponent(async () => (await import('../intercept/OriginalAndResult')).OriginalAndResult);
const DecodedView = lazyComponent(async () => (await import('../protocols/DecodedView')).DecodedView);

type DetailTab = 'decoded' | 'payload' | 'handshake' | 'frames';
const TABS: [DetailTab, string][] = [
  ['decoded', 'Decoded'],
  ['payload', 'Payload'],
  ['handshake', 'Handshake'],
  ['frames', 'Frames'],
];

export function DetailPane() {
  const panel = usePanel();
  // Decoded first when the message has a protocol; the choice sticks while it applies.
  const [picked, setTab] = useState<DetailTab>('decoded');
  const selection = panel.selection.detail.value;
  void panel.protocols.version.value;
  // Generic JSON's reading is the Payload tab's JSON tree already: only a protocol of its own gets the tab.
  const decodedAny = selection ? panel.protocols.decodedOf(selection.message.id) : undefined;
  const decoded = decodedAny && !isGenericProtocol(decodedAny.protocol) ? decodedAny : undefined;
  const tree = useDecodedTree(panel.protocols, decoded && selection?.message.id);
  const tabs = decoded ? TABS : TABS.filter(([id]) => id !== 'decoded');
  const tab = picked === 'decoded' && !decoded ? 'payload' : picked;
  return (
    <section id={DETAIL_PANE_ID} class="detail-pane" tabIndex={-1} aria-label="Message details" onKeyDown={backToTableOnEscape}>
      {!selection ? (
        <div class="empty-table">Select a message to see its payload.</div>
      ) : (
        <>
          <div class="tabs" role="tablist">
            {tabs.map(([id, label]) => (
              <button key={id} type="button" role="tab" aria-selected={tab === id} class={`tab${tab === id ? ' is-active' : ''}`} onClick={() => setTab(id)}>
                {label}
              </button>
            ))}
            <span class="detail-summary">
              #{selection.message.id} · {selection.message.direction === 'send' ? '↑ sent' : '↓ received'} · {selection.message.payload.size} bytes
            </span>
          </div>
          <PairLinks message={selection.message} />
          <ReplayActions />
          <div class="tab-body" role="tabpanel">
            {tab === 'decoded' && decoded && selection.status === 'ready' ? (
              <DecodedTab
                tree={tree}
                protocolName={panel.protocols.byConnection.value.get(selection.message.connectionId)?.name ?? decoded.protocol}
                selection={selection}
              />
            ) : (
              <DetailTabBody tab={tab === 'decoded' ? 'payload' : tab} selection={selection} />
            )}
          </div>
        </>
      )}
    </section>
  );
}

function DecodedTab({ tree, protocolName, selection }: { tree: DecodedTree; protocolName: string; selection: Selection }) {
  if (tree.state === 'ready') return <DecodedView decoded={tree.decoded} protocolName={protocolName} selection={selection} />;
  return (
    <div class="empty-table">
      {tree.state === 'decoding' ? 'Decoding this message again with its connection’s earlier messages…' : 'This message is no longer decoded.'}
    </div>
  );
}

/** Enter in the table jumps here; Escape goes back to the table and its selection. */
function backToTableOnEscape(event: KeyboardEvent) {
  if (event.key !== 'Escape') return;
  event.preventDefault();
  document.querySelector<HTMLElement>('[role=grid]')?.focus();
}

function DetailTabBody({ tab, selection }: { tab: Exclude<DetailTab, 'decoded'>; selection: Selection }) {
  if (tab === 'handshake') return <HandshakeView connection={selection.connection} handshake={selection.handshake} />;
  if (tab === 'frames') return <FramesView message={selection.message} payloadBytes={selection.bytes} connection={selection.connection} />;
  if (selection.status === 'loading') return <div class="empty-table">Loading payload…</div>;
  if (selection.status === 'missing') return <div class="empty-table">The payload of this message is not stored.</div>;
  const { mark, payload } = selection.message;
  return (
    <>
      {mark?.original && (
        <OriginalAndResult
          mark={mark}
          resultKind={payload.kind}
          result={payload.kind === 'text' ? selection.text : selection.bytes && bytesToHex(selection.bytes)}
        />
      )}
      <PayloadView key={selection.message.id} selection={selection} />
    </>
  );
}
