// The opt-in switch for deep capture (Chromium): Chrome's debugger attached to this tab's shared and
// service workers so their sockets are captured. Says what it costs (Chrome's debugging banner), what it
// is doing now, and why it stopped. Firefox has no debugger API: there the panel says what is captured
// anyway (Shared and Service Workers, src/background/shared-worker-scripts.ts).
import { usePanel } from '../usePanel';

export const DEEP_CAPTURE_EXPLAINED =
  'Deep capture attaches Chrome’s debugger to the shared and service workers of this page’s origin, to capture their sockets. ' +
  'While it is on, Chrome shows a “started debugging this browser” banner. Resend, Edit and send and Inject reach their sockets through the workers’ own WebSocket objects.';

export function DeepCaptureControl() {
  const panel = usePanel();
  const state = panel.deepCapture.value;
  if (panel.session.inHistory || !state) return null;
  if (state.status === 'unavailable') {
    return (
      <span class="deep-capture deep-capture-unavailable" title={state.reason}>
        Shared and Service Workers captured without deep capture
      </span>
    );
  }
  const on = state.status === 'on';
  const workers = state.workers.map((worker) => `${worker.kind} worker ${worker.scriptUrl}`).join('\n');
  return (
    <span class="deep-capture" data-state={state.status}>
      <label class="toolbar-check" title={DEEP_CAPTURE_EXPLAINED}>
        <input type="checkbox" checked={on} onChange={(event) => panel.setDeepCapture(event.currentTarget.checked)} />
        Deep capture (workers)
      </label>
      {on && (
        <span class="deep-capture-status" title={workers || 'No shared or service worker of this origin yet'}>
          Debugger on: {state.workers.length} {state.workers.length === 1 ? 'worker' : 'workers'}
        </span>
      )}
      {state.status === 'failed' && <span class="deep-capture-status deep-capture-failed">Deep capture stopped: {state.reason}</span>}
    </span>
  );
}
