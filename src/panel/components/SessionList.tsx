// History tab: every stored session, newest first; pick one to browse, or delete it.
import { formatDateTime } from '../format';
import { usePanel } from '../usePanel';

export function SessionList() {
  const panel = usePanel();
  const sessions = [...panel.session.sessions.value].reverse();
  const counts = panel.session.sessionCounts.value;
  const inView = panel.session.sessionIds.value;
  return (
    <div class="session-list" role="listbox" aria-label="Stored sessions">
      <div class="pane-title">Sessions ({sessions.length})</div>
      {sessions.length === 0 && <div class="empty-table">No stored sessions.</div>}
      {sessions.map((session) => {
        const selected = inView.includes(session.id);
        return (
          <div
            key={session.id}
            class={`session-item${selected ? ' is-selected' : ''}`}
            role="option"
            aria-selected={selected}
            data-session-id={session.id}
            onClick={() => panel.openSession(session.id)}
          >
            <div class="session-title">{session.title || '(untitled)'}</div>
            <div class="session-url" title={session.pageUrl}>
              {session.pageUrl}
            </div>
            <div class="session-meta">
              <span>{formatDateTime(session.startedAt)}</span>
              <span class="session-count">{counts.get(session.id)?.toLocaleString() ?? '…'} messages</span>
              {session.imported && <span class="mark mark-imported">imported</span>}
              <button
                type="button"
                class="session-delete"
                title="Delete this session and its messages"
                onClick={(event) => {
                  event.stopPropagation();
                  panel.deleteSession(session.id);
                }}
              >
                Delete
              </button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
