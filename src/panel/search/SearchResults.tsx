// History search results, grouped by session and connection, streamed in as the worker finds them.
// Snippets are text nodes: a payload is never markup.
import { useEffect, useState } from 'preact/hooks';
import { formatClock, formatDateTime } from '../format';
import { usePanel } from '../usePanel';
import { startSearch, type RunningSearch } from './search-client';
import type { SearchQuery } from './search-match';
import type { SearchHit } from './search-protocol';
import { shownSearch } from './search-view';

interface Progress {
  scanned: number;
  total: number;
  running: boolean;
  error?: string;
}

/** One serial per submitted query: the results of each start from empty, never showing the last query's for a frame. */
const querySerials = new WeakMap<SearchQuery, number>();
let lastSerial = 0;

export function SearchResults({ query }: { query: SearchQuery }) {
  let serial = querySerials.get(query);
  if (serial === undefined) querySerials.set(query, (serial = ++lastSerial));
  return <QueryResults key={serial} query={query} />;
}

function QueryResults({ query }: { query: SearchQuery }) {
  const panel = usePanel();
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [progress, setProgress] = useState<Progress>({ scanned: 0, total: 0, running: true });
  const [running, setRunning] = useState<RunningSearch | null>(null);

  useEffect(() => {
    // Cancelling reports "finished" at once: a search replaced by the next query must not write over its state.
    let current = true;
    const search = startSearch(query, {
      hits: (found) => current && setHits((previous) => [...previous, ...found]),
      progress: (scanned, total) => current && setProgress((previous) => ({ ...previous, scanned, total })),
      finished: ({ scannedMessages, cancelled, error }) =>
        current &&
        setProgress((previous) => ({ ...previous, scanned: scannedMessages, running: false, error: error ?? (cancelled ? 'Cancelled.' : undefined) })),
    });
    setRunning(search);
    return () => {
      current = false;
      search.cancel();
    };
  }, [query]);

  const sessions = new Map(panel.session.sessions.value.map((session) => [session.id, session]));
  const groups = groupHits(hits);
  const open = (hit: SearchHit) => {
    shownSearch.value = null;
    void panel.revealMessage(hit.sessionId, hit.connectionId, hit.messageId);
  };

  return (
    <section class="search-results" aria-label="Search results">
      <div class="search-status" role="status">
        <span>
          {hits.length.toLocaleString('en-US')} {hits.length === 1 ? 'hit' : 'hits'} for {query.regex ? `/${query.text}/` : `“${query.text}”`}
          {progress.running
            ? ` · searching… ${progress.scanned.toLocaleString('en-US')} of ~${progress.total.toLocaleString('en-US')} messages`
            : ` · ${progress.scanned.toLocaleString('en-US')} messages searched`}
        </span>
        {progress.running && (
          <button type="button" onClick={() => running?.cancel()}>
            Cancel
          </button>
        )}
        <button type="button" onClick={() => (shownSearch.value = null)}>
          Close
        </button>
      </div>
      {progress.error && (
        <div class="wsi-error" role="alert">
          {progress.error}
        </div>
      )}
      {!progress.running && hits.length === 0 && !progress.error && <div class="empty-table">Nothing found in any stored session.</div>}
      <div class="search-groups">
        {groups.map((group) => {
          const session = sessions.get(group.sessionId);
          return (
            <div class="search-session" key={group.sessionId} data-session-id={group.sessionId}>
              <div class="pane-title">
                {session?.title || session?.pageUrl || '(deleted session)'} · {session ? formatDateTime(session.startedAt) : ''}
              </div>
              {group.connections.map(([connectionId, connectionHits]) => (
                <div class="search-connection" key={connectionId}>
                  <div class="search-connection-url">{connectionHits[0]!.connectionUrl || connectionId}</div>
                  {connectionHits.map((hit) => (
                    <button
                      type="button"
                      class="search-hit"
                      key={`${hit.where}-${hit.messageId ?? hit.header ?? ''}`}
                      data-message-id={hit.messageId}
                      onClick={() => open(hit)}
                    >
                      <span class="search-hit-where">
                        {hit.where === 'payload'
                          ? `${hit.direction === 'send' ? '↑' : '↓'} ${formatClock(hit.time)}`
                          : hit.where === 'url'
                            ? 'URL'
                            : `header ${hit.header}`}
                      </span>
                      <span class="search-hit-text">
                        {hit.snippet.before}
                        <mark>{hit.snippet.match}</mark>
                        {hit.snippet.after}
                      </span>
                    </button>
                  ))}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </section>
  );
}

function groupHits(hits: readonly SearchHit[]): { sessionId: string; connections: [string, SearchHit[]][] }[] {
  const bySession = new Map<string, Map<string, SearchHit[]>>();
  for (const hit of hits) {
    let connections = bySession.get(hit.sessionId);
    if (!connections) bySession.set(hit.sessionId, (connections = new Map()));
    let list = connections.get(hit.connectionId);
    if (!list) connections.set(hit.connectionId, (list = []));
    list.push(hit);
  }
  return [...bySession].map(([sessionId, connections]) => ({ sessionId, connections: [...connections] }));
}
