// Matching one text against a history search query, with a snippet around the first match. Pure.
import { regexProblem } from '../filters';

export interface SearchQuery {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

export interface Snippet {
  before: string;
  match: string;
  after: string;
  /** Offset of the match in the searched text. */
  offset: number;
}

/** Characters of context kept on each side of a match. */
const CONTEXT_CHARS = 40;

export type TextMatcher = (text: string) => Snippet | undefined;

/** A matcher for the query, or a specific message for an invalid regular expression. */
export function compileSearch(query: SearchQuery): { ok: true; find: TextMatcher } | { ok: false; error: string } {
  if (query.text === '') return { ok: false, error: 'Type something to search for.' };
  if (query.regex) {
    const flags = query.caseSensitive ? 'u' : 'iu';
    let pattern: RegExp;
    try {
      pattern = new RegExp(query.text, flags);
    } catch (error) {
      return { ok: false, error: `Invalid regular expression: ${regexProblem(query.text, flags, error)}` };
    }
    return {
      ok: true,
      find(text) {
        const match = pattern.exec(text);
        return match ? snippetOf(text, match.index, match[0].length) : undefined;
      },
    };
  }
  const needle = query.caseSensitive ? query.text : query.text.toLowerCase();
  return {
    ok: true,
    find(text) {
      // Lowercasing can change lengths (e.g. 'İ'); such texts fall back to a search that keeps offsets.
      const haystack = query.caseSensitive ? text : text.toLowerCase();
      const offset = haystack.indexOf(needle);
      if (offset < 0) return undefined;
      if (haystack.length !== text.length) return snippetOf(text, 0, 0);
      return snippetOf(text, offset, needle.length);
    },
  };
}

function snippetOf(text: string, offset: number, length: number): Snippet {
  const start = Math.max(0, offset - CONTEXT_CHARS);
  const end = Math.min(text.length, offset + length + CONTEXT_CHARS);
  return {
    before: (start > 0 ? '…' : '') + text.slice(start, offset),
    match: text.slice(offset, offset + length),
    after: text.slice(offset + length, end) + (end < text.length ? '…' : ''),
    offset,
  };
}
