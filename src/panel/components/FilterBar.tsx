// Text/regex, direction, type and connection filters. Keystrokes apply after a short debounce so a
// burst of typing filters once; the filtering itself is a single pass over precomputed strings.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DirectionFilter, KindFilter } from '../filters';
import { usePanel } from '../usePanel';

const TYPING_DEBOUNCE_MS = 20;

export function FilterBar() {
  const panel = usePanel();
  const filter = panel.filters.spec.value;
  const filterError = panel.filters.error.value;
  const [text, setText] = useState(filter.text);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const onText = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => panel.filters.set({ text: value }), TYPING_DEBOUNCE_MS);
  };

  return (
    <div class="filter-bar" role="search">
      <input
        type="search"
        class={`filter-text${filterError ? ' has-error' : ''}`}
        placeholder={filter.regex ? 'Filter (regular expression)' : 'Filter'}
        aria-label="Filter messages"
        title="Matches anywhere in the full text of text messages, ignoring case"
        aria-invalid={filterError !== null}
        aria-describedby={filterError ? 'filter-error' : undefined}
        value={text}
        onInput={(event) => onText(event.currentTarget.value)}
      />
      <label class="filter-toggle" title="Treat the filter as a regular expression (case-insensitive)">
        <input type="checkbox" checked={filter.regex} onChange={(event) => panel.filters.set({ regex: event.currentTarget.checked })} />
        Regex
      </label>
      <select
        aria-label="Direction"
        value={filter.direction}
        onChange={(event) => panel.filters.set({ direction: event.currentTarget.value as DirectionFilter })}
      >
        <option value="all">All directions</option>
        <option value="send">↑ Sent</option>
        <option value="receive">↓ Received</option>
      </select>
      <select aria-label="Type" value={filter.kind} onChange={(event) => panel.filters.set({ kind: event.currentTarget.value as KindFilter })}>
        <option value="all">All types</option>
        <option value="text">Text</option>
        <option value="binary">Binary</option>
      </select>
      <select
        aria-label="Filter by connection"
        value={filter.connectionId ?? ''}
        onChange={(event) => panel.selectConnection(event.currentTarget.value || null)}
      >
        <option value="">All connections</option>
        {panel.session.connections.value.map((connection) => (
          <option key={connection.id} value={connection.id}>
            {connection.url}
          </option>
        ))}
      </select>
      <label class="filter-toggle filter-unanswered" title="Only requests that have had no answer (paired by protocol or by a JSON id field)">
        <input
          type="checkbox"
          checked={filter.only?.live === true}
          onChange={(event) => panel.filters.set({ only: event.currentTarget.checked ? panel.pairs.unansweredPick() : null })}
        />
        Unanswered
      </label>
      {filter.only && !filter.only.live && (
        <button type="button" class="filter-pick" title="Show all messages again" onClick={() => panel.filters.set({ only: null })}>
          {filter.only.label} ✕
        </button>
      )}
      <FilterStatus textFiltered={filter.text !== ''} />
      {filterError && (
        <div id="filter-error" class="filter-error" role="alert">
          {filterError}
        </div>
      )}
    </div>
  );
}

/** Counts change with every live update: only this part re-renders for them, not the inputs. */
function FilterStatus({ textFiltered }: { textFiltered: boolean }) {
  const { log } = usePanel();
  const pending = log.indexPending.value;
  return (
    <span class="filter-status" aria-live="polite">
      {log.visible.value.length.toLocaleString()} / {log.count.toLocaleString()}
      {pending > 0 && textFiltered && ` · indexing ${pending.toLocaleString()}…`}
      {log.indexIncomplete.value && ' · some long payloads searched by preview only'}
    </span>
  );
}
