// Toolbar entries (DevTools panel only): the Intercept switch and the rule list. Their bodies load on first use.
import { useState } from 'preact/hooks';
import { lazyComponent } from '../components/Lazy';
import { Modal } from '../replay/Modal';
import { usePanel } from '../usePanel';

const RulesDialog = lazyComponent(async () => (await import('../rules/RulesDialog')).RulesDialog);
const InterceptPane = lazyComponent(async () => (await import('./InterceptPane')).InterceptPane);

export function InterceptButtons() {
  const { intercept, session } = usePanel();
  const [rulesOpen, setRulesOpen] = useState(false);
  if (session.inHistory) return null;
  const on = intercept.enabled.value;
  const held = intercept.held.value.length;
  return (
    <>
      <button
        type="button"
        class={`intercept-button${on ? ' is-on' : ''}`}
        aria-pressed={on}
        title="Hold matching messages until you forward, edit or drop them"
        onClick={() => intercept.setEnabled(!on)}
      >
        {on ? `Intercepting${held > 0 ? ` (${held} held)` : ''}` : 'Intercept'}
      </button>
      <button type="button" title="Rules and mocks that change traffic without stopping it" onClick={() => setRulesOpen(true)}>
        Rules
      </button>
      {rulesOpen && (
        <Modal title="Rules" wide onClose={() => setRulesOpen(false)}>
          <RulesDialog />
        </Modal>
      )}
    </>
  );
}

/** Above the table while Intercept is on. */
export function InterceptArea() {
  const { intercept } = usePanel();
  return intercept.enabled.value ? <InterceptPane /> : null;
}
