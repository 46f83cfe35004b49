// Text/regex, direction, type and connection filters. Keystrokes apply after a short debounce so a
// burst of typing filters once; the filtering itself is a single pass over precomputed strings.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DirectionFilter, KindFilter } from '../filters';
import { useStore } from '../useStore';

const TYPING_DEBOUNCE_MS = 20;

export function FilterBar() {
  const [state, store] = useStore();
  const { filter, filterError } = state;
  const [text, setText] = useState(filter.text);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const onText = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => store.setFilter({ text: value }), TYPING_DEBOUNCE_MS);
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
        <input type="checkbox" checked={filter.regex} onChange={(event) => store.setFilter({ regex: event.currentTarget.checked })} />
        Regex
      </label>
      <select aria-label="Direction" value={filter.direction} onChange={(event) => store.setFilter({ direction: event.currentTarget.value as DirectionFilter })}>
        <option value="all">All directions</option>
        <option value="send">↑ Sent</option>
        <option value="receive">↓ Received</option>
      </select>
      <select aria-label="Type" value={filter.kind} onChange={(event) => store.setFilter({ kind: event.currentTarget.value as KindFilter })}>
        <option value="all">All types</option>
        <option value="text">Text</option>
        <option value="binary">Binary</option>
      </select>
      <select
        aria-label="Filter by connection"
        value={filter.connectionId ?? ''}
        onChange={(event) => store.selectConnection(event.currentTarget.value || null)}
      >
        <option value="">All connections</option>
        {state.connections.map((connection) => (
          <option key={connection.id} value={connection.id}>
            {connection.url}
          </option>
        ))}
      </select>
      <span class="filter-status" aria-live="polite">
        {state.visible.length.toLocaleString()} / {state.rows.length.toLocaleString()}
        {state.indexPending > 0 && filter.text !== '' && ` · indexing ${state.indexPending.toLocaleString()}…`}
        {state.indexIncomplete && ' · some long payloads searched by preview only'}
      </span>
      {filterError && (
        <div id="filter-error" class="filter-error" role="alert">
          {filterError}
        </div>
      )}
    </div>
  );
}
