// Recording controls (DevTools panel), HAR, new-connection, decoder and settings buttons, and notices.
import { formatDateTime } from '../format';
import { DecodeBytesButton } from '../frames/DecodeBytesButton';
import { DeepCaptureControl } from '../deep-capture/DeepCaptureControl';
import { HarButtons } from '../har/HarButtons';
import { InterceptButtons } from '../intercept/InterceptButtons';
import { NewConnectionButton } from '../replay/ReplayActions';
import { SettingsButton } from '../settings/SettingsButton';
import { StatsButton } from '../stats/stats-toggle';
import { TimelineButton } from '../timeline/timeline-toggle';
import { usePanel } from '../usePanel';

export function Toolbar() {
  const panel = usePanel();
  const inPanel = !panel.session.inHistory;
  const paused = panel.notices.paused.value;
  return (
    <div class="toolbar" role="toolbar" aria-label="Recording">
      {inPanel && (
        <button
          type="button"
          class={`record-button${paused ? ' is-paused' : ''}`}
          aria-pressed={paused}
          title={paused ? 'Resume recording this tab' : 'Pause recording this tab'}
          onClick={() => panel.setPaused(!paused)}
        >
          {paused ? 'Resume recording' : 'Pause recording'}
        </button>
      )}
      {!inPanel && <span class="toolbar-title">Stored sessions</span>}
      {inPanel && (
        <button type="button" title="Delete the messages in view" disabled={panel.session.sessionIds.value.length === 0} onClick={() => panel.clear()}>
          Clear
        </button>
      )}
      {inPanel && (
        <label class="toolbar-check" title="Keep messages of earlier pages of this tab after reloads and navigations">
          <input type="checkbox" checked={panel.notices.preserveLog.value} onChange={(event) => panel.setPreserveLog(event.currentTarget.checked)} />
          Preserve log
        </label>
      )}
      <DeepCaptureControl />
      <TimelineButton />
      <StatsButton />
      <NewConnectionButton />
      <InterceptButtons />
      <HarButtons />
      <DecodeBytesButton />
      <SettingsButton />
      <span class="toolbar-spacer" />
      {paused && <span class="paused-badge">Recording paused</span>}
      {inPanel && (
        <button type="button" onClick={() => panel.openHistory()} title="Browse every stored session in a tab">
          Open history
        </button>
      )}
    </div>
  );
}

export function Notices() {
  const { notices } = usePanel();
  return (
    <div class="notices" role="status">
      {notices.notices.value.map((notice) => (
        <div key={notice.id} class={`notice notice-${notice.level}`}>
          <span>
            {notice.time !== undefined && <span class="notice-time">{formatDateTime(notice.time)} </span>}
            {notice.text}
          </span>
          <button type="button" class="notice-dismiss" aria-label="Dismiss" onClick={() => notices.dismiss(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
