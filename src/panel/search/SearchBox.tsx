// History tab: the box that searches every stored session.
import { useState } from 'preact/hooks';
import { lastSearch, shownSearch } from './search-view';

export function SearchBox() {
  const [text, setText] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    if (text === '') return;
    const query = { text, regex, caseSensitive };
    lastSearch.value = query;
    shownSearch.value = query;
  };
  return (
    <form class="history-search" role="search" onSubmit={submit}>
      <input
        type="search"
        aria-label="Search all history"
        placeholder="Search all history"
        value={text}
        onInput={(event) => setText((event.target as HTMLInputElement).value)}
      />
      <label title="Regular expression">
        <input type="checkbox" aria-label="Regular expression" checked={regex} onChange={(event) => setRegex((event.target as HTMLInputElement).checked)} /> .*
      </label>
      <label title="Match case">
        <input
          type="checkbox"
          aria-label="Match case"
          checked={caseSensitive}
          onChange={(event) => setCaseSensitive((event.target as HTMLInputElement).checked)}
        />{' '}
        Aa
      </label>
      <button type="submit">Search</button>
      {lastSearch.value && !shownSearch.value && (
        <button type="button" onClick={() => (shownSearch.value = lastSearch.peek())}>
          Back to results
        </button>
      )}
    </form>
  );
}
