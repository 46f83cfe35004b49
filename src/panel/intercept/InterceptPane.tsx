// The Intercept switch's pane: which messages to hold (the breakpoint), and the held ones, oldest first:
// pick one to edit (text, JSON checked, binary as hex) and forward it, or drop it; or forward all.
// Loaded on first use.
import { useState } from 'preact/hooks';
import type { RuleDirection } from '../../shared/intercept';
import type { HeldMessage, SwitchReach } from '../state/intercept-slice';
import { usePanel } from '../usePanel';
import { ConditionFields } from '../rules/ConditionFields';
import { PayloadEditor, checkDraft, draftFrom, type PayloadDraft } from '../replay/PayloadEditor';
import { base64ToBytes } from '../format';
import './intercept.css';

export function InterceptPane() {
  const panel = usePanel();
  const { intercept } = panel;
  const breakpoint = intercept.breakpoint.value;
  const held = intercept.held.value;
  return (
    <section class="intercept-pane" aria-label="Intercept">
      <div class="wsi-row breakpoint-form">
        <strong>Hold</strong>
        <select
          aria-label="Hold which direction"
          value={breakpoint.direction}
          onChange={(event) => intercept.setBreakpoint({ ...breakpoint, direction: event.currentTarget.value as RuleDirection })}
        >
          <option value="both">sent and received</option>
          <option value="send">sent</option>
          <option value="receive">received</option>
        </select>
        <input
          aria-label="Hold on sockets whose URL fits"
          placeholder="socket URL, * for any text (empty: every socket)"
          value={breakpoint.url}
          onChange={(event) => intercept.setBreakpoint({ ...breakpoint, url: event.currentTarget.value })}
        />
        <ConditionFields label="Hold when" condition={breakpoint.condition} onChange={(condition) => intercept.setBreakpoint({ ...breakpoint, condition })} />
      </div>
      <div role="status" aria-label="Switch" class={REACH_CLASS[intercept.reach.value]}>
        {REACH_TEXT[intercept.reach.value]}
      </div>
      <div class="wsi-row">
        <span role="status" aria-label="Held">
          {held.length === 0 ? 'Nothing held.' : `${held.length} held`}
        </span>
        <span class="grow" />
        <button type="button" disabled={held.length === 0} onClick={() => void intercept.forwardAll()}>
          Forward all
        </button>
      </div>
      {held.length > 0 && <HeldList held={held} />}
    </section>
  );
}

/** Whether the page has the switch: nothing is held until it has, and a tab without capture never will. */
const REACH_TEXT: Record<SwitchReach, string> = {
  sending: 'Reaching the page…',
  active: 'Active in this tab.',
  'no-capture': 'Not active: nothing captures this tab. Reload it (pages open before the extension was installed), or it is a page extensions cannot reach.',
};

const REACH_CLASS: Record<SwitchReach, string> = { sending: 'wsi-hint', active: 'wsi-ok', 'no-capture': 'wsi-error' };

function HeldList({ held }: { held: readonly HeldMessage[] }) {
  const panel = usePanel();
  const [chosen, setChosen] = useState<string | null>(null);
  const current = held.find((message) => message.hold === chosen) ?? held[0]!;
  return (
    <div class="held-list">
      <ol aria-label="Held messages">
        {held.map((message) => {
          const url = panel.session.connections.value.find((connection) => connection.id === message.conn)?.url ?? message.conn;
          return (
            <li key={message.hold}>
              <button
                type="button"
                class={`held-item${message === current ? ' is-current' : ''}`}
                aria-pressed={message === current}
                onClick={() => setChosen(message.hold)}
              >
                <span>{message.dir === 'send' ? '↑' : '↓'}</span> <span class="held-preview">{preview(message)}</span> <span class="wsi-hint">{url}</span>
              </button>
            </li>
          );
        })}
      </ol>
      <HeldEditor key={current.hold} message={current} />
    </div>
  );
}

function preview(message: HeldMessage): string {
  const { payload } = message;
  if (payload.kind === 'text') return payload.data.slice(0, 120);
  return `${payload.source}, ${payload.size} bytes`;
}

function HeldEditor({ message }: { message: HeldMessage }) {
  const { intercept } = usePanel();
  const { payload } = message;
  const editable = !payload.truncated;
  const [draft, setDraft] = useState<PayloadDraft>(() =>
    draftFrom(payload.kind, payload.kind === 'text' ? payload.data : undefined, payload.kind === 'binary' ? base64ToBytes(payload.data) : undefined),
  );
  const [error, setError] = useState<string | null>(null);
  const check = checkDraft(draft);
  const decide = async (verdict: 'forward' | 'drop') => {
    const edited = verdict === 'forward' && editable && check.ok ? check.payload : undefined;
    const result = await intercept.release(message, verdict, edited);
    if (!result.ok) setError(result.error ?? 'The page did not answer');
  };
  return (
    <div class="held-editor" aria-label={`Held ${message.dir === 'send' ? 'sent' : 'received'} message`}>
      {editable ? <PayloadEditor draft={draft} onChange={setDraft} /> : <p class="wsi-hint">Too large or a Blob: it can be forwarded or dropped as it is.</p>}
      <div class="wsi-row">
        <button type="button" class="primary" disabled={editable && !check.ok} onClick={() => void decide('forward')}>
          Forward
        </button>
        <button type="button" onClick={() => void decide('drop')}>
          Drop
        </button>
        {error && (
          <span class="wsi-error" role="alert">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}
