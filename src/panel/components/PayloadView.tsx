// One payload as a JSON tree, raw text (optionally pretty-printed), hex dump or base64.
import { memo } from 'preact/compat';
import { useMemo, useState } from 'preact/hooks';
import { stringifyJson } from '../../protocols/json';
import { bytesToBase64, parseJsonContainer, shortfallOf } from '../format';
import type { Selection } from '../state/selection-slice';
import { CopyButton } from './CopyButton';
import { HexDump, hexDumpText } from './HexDump';
import { JsonTree } from './JsonTree';

type PayloadMode = 'tree' | 'raw' | 'hex' | 'base64';
const MODE_LABELS: Record<PayloadMode, string> = { tree: 'JSON', raw: 'Raw', hex: 'Hex', base64: 'Base64' };

/** The last mode picked, kept across selections (module state: one detail pane per page). */
let preferredMode: PayloadMode = 'tree';

/**
 * Memoized on the selection object: a multi-megabyte payload must not be re-formatted or its JSON
 * tree rebuilt when the pane around it re-renders.
 */
export const PayloadView = memo(function PayloadView({ selection }: { selection: Selection }) {
  const text = selection.text;
  const bytes = selection.bytes ?? new Uint8Array();
  const json = useMemo(() => (text === undefined ? undefined : parseJsonContainer(text)), [text]);
  const modes: PayloadMode[] = text === undefined ? ['hex', 'base64'] : json ? ['tree', 'raw', 'hex', 'base64'] : ['raw', 'hex', 'base64'];
  const [picked, setPicked] = useState<PayloadMode>(preferredMode);
  const [pretty, setPretty] = useState(true);
  const mode = modes.includes(picked) ? picked : modes[0]!;
  const shortfall = shortfallOf(selection.message.payload);
  const base64 = useMemo(() => (mode === 'base64' ? bytesToBase64(bytes) : ''), [mode, bytes]);
  const rawText = useMemo(() => (mode === 'raw' && json && pretty ? stringifyJson(json.value, 2) : (text ?? '')), [mode, json, pretty, text]);

  const pick = (next: PayloadMode) => {
    preferredMode = next;
    setPicked(next);
  };

  const copyAll: Record<PayloadMode, () => string> = {
    tree: () => (json ? stringifyJson(json.value, 2) : ''),
    raw: () => rawText,
    hex: () => hexDumpText(bytes),
    base64: () => base64,
  };

  return (
    <div class="payload-view">
      <div class="payload-modes" role="radiogroup" aria-label="Payload view">
        {modes.map((id) => (
          <button key={id} type="button" role="radio" aria-checked={mode === id} class={`mode${mode === id ? ' is-active' : ''}`} onClick={() => pick(id)}>
            {MODE_LABELS[id]}
          </button>
        ))}
        {mode === 'raw' && json && (
          <label class="toolbar-check">
            <input type="checkbox" checked={pretty} onChange={(event) => setPretty(event.currentTarget.checked)} />
            Pretty JSON
          </label>
        )}
        {shortfall && (
          <span class="mark mark-truncated" title={shortfall.title}>
            {shortfall.label} at capture
          </span>
        )}
        <span class="toolbar-spacer" />
        <CopyButton label={mode === 'tree' ? 'Copy JSON' : `Copy ${MODE_LABELS[mode].toLowerCase()}`} text={copyAll[mode]} />
      </div>
      <div class={`payload-body payload-${mode}`}>
        {mode === 'tree' && json && <JsonTree value={json.value} />}
        {mode === 'raw' && <pre class="raw-text">{rawText}</pre>}
        {mode === 'hex' && <HexDump bytes={bytes} />}
        {mode === 'base64' && <pre class="base64-text">{base64}</pre>}
      </div>
    </div>
  );
});
