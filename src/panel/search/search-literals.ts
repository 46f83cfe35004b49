// Which trigrams (chunk-summary.ts) a text must hold for a search query to match it. Pure.
// Each rule only names trigrams that are certainly present in the folded text of a match:
// - case-insensitive text: the matcher looks for the lowercased query in the lowercased text, so every
//   trigram of the folded query is one of the folded text;
// - case-sensitive text: the query is in the text as typed; its runs of ASCII characters lowercase the
//   same wherever they stand (other characters may lowercase by context), so their trigrams count;
// - regular expression: runs of ASCII literal characters every match must contain (none when the
//   pattern has a top-level alternative). With the i flag an ASCII letter also matches the Kelvin sign
//   and the long s, which the fold turns into k and s.
// No trigram (a short query, a regex without a literal run of three): every chunk is read.
import { foldForSummary, trigramHash } from '../../db/chunk-summary';
import type { SearchQuery } from './search-match';

export function requiredTrigrams(query: SearchQuery): number[] {
  const runs = query.regex ? regexLiteralRuns(query.text) : query.caseSensitive ? asciiRuns(query.text) : [query.text];
  const hashes = new Set<number>();
  for (const run of runs) {
    const folded = foldForSummary(run);
    for (let at = 0; at + 3 <= folded.length; at++) hashes.add(trigramHash(folded, at));
  }
  return [...hashes];
}

const isAscii = (char: string) => char.charCodeAt(0) < 0x80;

function asciiRuns(text: string): string[] {
  return text.split(/[^\p{ASCII}]+/u);
}

/** Characters a regular expression gives a meaning to; any other ASCII character stands for itself. */
const SYNTAX = new Set('\\^$.|?*+()[]{}');
const QUANTIFIERS = new Set('?*+{');

/** Runs of ASCII characters every match of the pattern contains, in the text it matches (case aside). */
export function regexLiteralRuns(pattern: string): string[] {
  const runs: string[] = [];
  let run = '';
  const cut = () => {
    runs.push(run);
    run = '';
  };
  for (let at = 0; at < pattern.length; at++) {
    const char = pattern[at]!;
    if (char === '|') return []; // One of several alternatives: no run is certain.
    if (QUANTIFIERS.has(char)) {
      // The quantified character may be absent (?, *, {0,}) or repeated: it ends the run, left out.
      run = run.slice(0, -1);
      cut();
      if (char === '{') at = closing(pattern, at, '{', '}');
      continue;
    }
    if (char === '\\') {
      const next = pattern[at + 1] ?? '';
      // An escaped punctuation character is itself; a letter or digit names a class, a code or a reference.
      if (next !== '' && isAscii(next) && !/[A-Za-z0-9]/.test(next)) {
        run += next;
        at++;
      } else {
        cut();
        at = escapeEnd(pattern, at);
      }
      continue;
    }
    if (char === '(' || char === '[') {
      cut();
      at = closing(pattern, at, char, char === '(' ? ')' : ']');
      continue;
    }
    if (SYNTAX.has(char) || !isAscii(char)) cut();
    else run += char;
  }
  cut();
  return runs;
}

/** Index of the last character of the escape starting at `at` (a backslash and a letter or digit). */
function escapeEnd(pattern: string, at: number): number {
  const rest = pattern.slice(at + 1);
  const escape = /^(?:[pPk]\{[^}]*\}|k<[^>]*>|u\{[^}]*\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|c[A-Za-z]|[0-9]+|.)/su.exec(rest);
  return at + (escape?.[0].length ?? 0);
}

/** Index of the bracket closing the one at `open` (escapes and classes inside skipped), or the pattern's end. */
function closing(pattern: string, open: number, opening: string, close: string): number {
  let depth = 0;
  for (let at = open; at < pattern.length; at++) {
    const char = pattern[at]!;
    if (char === '\\') at++;
    else if (char === '[' && opening === '(') at = closing(pattern, at, '[', ']');
    else if (char === opening) depth++;
    else if (char === close && --depth === 0) return at;
  }
  return pattern.length;
}
