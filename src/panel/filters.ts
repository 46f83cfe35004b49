// Pure message filtering. Designed for a million rows per keystroke: the log keeps each row's text
// in memory (see messageLog.ts), so a keystroke costs one case-insensitive regex test per row, with
// no allocation per row.
import type { DecodedMessage } from '../protocols/types';
import type { Direction } from '../shared/models';
import { escapeRegex, parseFieldQuery, termsMatcher } from './protocols/field-query';

export type DirectionFilter = 'all' | Direction;
export type KindFilter = 'all' | 'text' | 'binary';

export interface FilterSpec {
  text: string;
  regex: boolean;
  direction: DirectionFilter;
  kind: KindFilter;
  /** Only this connection's messages; null for all. */
  connectionId: string | null;
  /** Only messages with from <= time < to (epoch milliseconds), as chosen on the timeline; null for all. */
  timeRange: { from: number; to: number } | null;
  /** Only messages a view picked out (requests without an answer, a message shape); null for all. */
  only: RowPick | null;
}

/** A set of messages chosen outside the filter bar, named for the chip that clears it. */
export interface RowPick {
  label: string;
  matches(messageId: number): boolean;
  /** Set when the set changes as traffic arrives (answers come in): re-applied then. */
  live?: boolean;
}

export const NO_FILTER: FilterSpec = { text: '', regex: false, direction: 'all', kind: 'all', connectionId: null, timeRange: null, only: null };

/** What filtering reads of the rows, by index (messageLog.ts keeps them in columns). */
export interface FilterableLog {
  readonly length: number;
  idAt(index: number): number;
  timeAt(index: number): number;
  isSent(index: number): boolean;
  isBinary(index: number): boolean;
  connectionIdAt(index: number): string;
  /** The row's text as stored, any case: '' for binary (the text filter matches text messages only). */
  searchTextAt(index: number): string;
}

export type CompiledFilter = { ok: true; matches(log: FilterableLog, index: number): boolean; isEmpty: boolean } | { ok: false; error: string };

/**
 * Compiles a filter once per change. Text and regex matching are case-insensitive: both are a regex
 * with the `i` flag (plain text escaped), so rows keep one copy of their text, not a lowercase one too.
 */
/** A message as its protocol decoded it (protocols/field-query.ts reads its fields), for `field:value` filter terms. */
export type DecodedOf = (messageId: number) => DecodedMessage | undefined;

export function compileFilter(spec: FilterSpec, decodedOf: DecodedOf = () => undefined): CompiledFilter {
  let pattern: RegExp | undefined;
  let rowMatches: ((log: FilterableLog, index: number) => boolean) | undefined;
  const terms = spec.regex ? undefined : parseFieldQuery(spec.text);
  if (terms) {
    const matchesDecoded = termsMatcher(terms);
    rowMatches = (log, index) => matchesDecoded(decodedOf(log.idAt(index)));
  } else if (spec.text !== '') {
    const compiled = compileRegex(spec.regex ? spec.text : escapeRegex(spec.text));
    if (!compiled.ok) return compiled;
    pattern = compiled.regex;
  }
  const { direction, kind, connectionId, timeRange, only } = spec;
  const isEmpty = !pattern && !rowMatches && direction === 'all' && kind === 'all' && connectionId === null && timeRange === null && !only;
  return {
    ok: true,
    isEmpty,
    matches(log, index) {
      if (direction !== 'all' && log.isSent(index) !== (direction === 'send')) return false;
      if (kind !== 'all' && log.isBinary(index) !== (kind === 'binary')) return false;
      if (connectionId !== null && log.connectionIdAt(index) !== connectionId) return false;
      if (timeRange !== null) {
        const time = log.timeAt(index);
        if (time < timeRange.from || time >= timeRange.to) return false;
      }
      if (only && !only.matches(log.idAt(index))) return false;
      if (rowMatches) return rowMatches(log, index);
      return pattern ? pattern.test(log.searchTextAt(index)) : true;
    },
  };
}

export function compileRegex(source: string): { ok: true; regex: RegExp } | { ok: false; error: string } {
  try {
    // No `g` flag: `test` must not carry lastIndex from one row to the next.
    return { ok: true, regex: new RegExp(source, 'i') };
  } catch (error) {
    return { ok: false, error: `Invalid regex: ${regexProblem(source, 'i', error)}` };
  }
}

/** The reason alone, without the engine's "Invalid regular expression: /(/i: " prefix. */
export function regexProblem(source: string, flags: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const v8Prefix = `Invalid regular expression: /${source}/${flags}: `;
  if (message.startsWith(v8Prefix)) return message.slice(v8Prefix.length);
  return message;
}

/** Where filterRange puts the indexes it keeps (row-index-list.ts; an array in tests). */
export interface IndexSink {
  push(index: number): void;
}

/**
 * Adds to `out` the indexes in [from, to) whose row matches. Called over the whole log after a filter
 * change (in slices, see log-slice.ts) and over the new rows only when rows were appended.
 */
export function filterRange(log: FilterableLog, filter: Extract<CompiledFilter, { ok: true }>, from: number, to: number, out: IndexSink): void {
  if (filter.isEmpty) {
    for (let i = from; i < to; i++) out.push(i);
    return;
  }
  for (let i = from; i < to; i++) if (filter.matches(log, i)) out.push(i);
}
