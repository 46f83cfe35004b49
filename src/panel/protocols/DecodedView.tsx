// The detail pane's Decoded tab: the protocol's reading of the message beside the raw payload.
import type { DecodedMessage } from '../../protocols/types';
import { HexDump } from '../components/HexDump';
import type { Selection } from '../state/selection-slice';
import { DecodedTree } from './DecodedTree';
import './protocols.css';

export function DecodedView({ decoded, protocolName, selection }: { decoded: DecodedMessage; protocolName: string; selection: Selection }) {
  return (
    <div class="decoded-view">
      <DecodedTree decoded={decoded} protocolName={protocolName} />
      <div class="decoded-raw" aria-label="Raw payload">
        <div class="pane-title">Raw</div>
        {selection.text !== undefined ? <pre class="raw-text">{selection.text}</pre> : <HexDump bytes={selection.bytes ?? new Uint8Array()} />}
      </div>
    </div>
  );
}
