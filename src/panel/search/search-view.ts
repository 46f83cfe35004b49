// Whether the history tab shows search results in place of the message table, and for which query.
// Its own small module: the search box is always there, the results and the worker load on first use.
import { signal } from '@preact/signals';
import type { SearchQuery } from './search-match';

/** The query whose results are shown; null shows the message table. */
export const shownSearch = signal<SearchQuery | null>(null);
/** The last query run, kept when the results are hidden so "Back to results" can show them again. */
export const lastSearch = signal<SearchQuery | null>(null);
