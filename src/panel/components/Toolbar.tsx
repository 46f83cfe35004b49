// Recording controls (DevTools panel), HAR, new-connection, decoder and settings buttons, and notices.
import { formatDateTime } from '../format';
import { DecodeBytesButton } from '../frames/DecodeBytesButton';
import { HarButtons } from '../har/HarButtons';
import { NewConnectionButton } from '../replay/ReplayActions';
import { SettingsButton } from '../settings/SettingsButton';
import { useStore } from '../useStore';

export function Toolbar() {
  const [state, store] = useStore();
  const inPanel = state.tabId !== null;
  return (
    <div class="toolbar" role="toolbar" aria-label="Recording">
      {inPanel && (
        <button
          type="button"
          class={`record-button${state.paused ? ' is-paused' : ''}`}
          aria-pressed={state.paused}
          title={state.paused ? 'Resume recording this tab' : 'Pause recording this tab'}
          onClick={() => store.setPaused(!state.paused)}
        >
          {state.paused ? 'Resume recording' : 'Pause recording'}
        </button>
      )}
      {!inPanel && <span class="toolbar-title">Stored sessions</span>}
      {inPanel && (
        <button type="button" title="Delete the messages in view" disabled={state.sessionIds.length === 0} onClick={() => store.clear()}>
          Clear
        </button>
      )}
      {inPanel && (
        <label class="toolbar-check" title="Keep messages of earlier pages of this tab after reloads and navigations">
          <input type="checkbox" checked={state.preserveLog} onChange={(event) => store.setPreserveLog(event.currentTarget.checked)} />
          Preserve log
        </label>
      )}
      <NewConnectionButton />
      <HarButtons />
      <DecodeBytesButton />
      <SettingsButton />
      <span class="toolbar-spacer" />
      {state.paused && <span class="paused-badge">Recording paused</span>}
      {inPanel && (
        <button type="button" onClick={() => store.openHistory()} title="Browse every stored session in a tab">
          Open history
        </button>
      )}
    </div>
  );
}

export function Notices() {
  const [state, store] = useStore();
  return (
    <div class="notices" role="status">
      {state.notices.map((notice) => (
        <div key={notice.id} class={`notice notice-${notice.level}`}>
          <span>
            {notice.time !== undefined && <span class="notice-time">{formatDateTime(notice.time)} </span>}
            {notice.text}
          </span>
          <button type="button" class="notice-dismiss" aria-label="Dismiss" onClick={() => store.dismissNotice(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
