// Pure message filtering. Designed for 100,000 rows per keystroke: the caller keeps one precomputed
// lowercase search string per row (see messageLog.ts), so a keystroke costs one pass of `includes`
// or one regex test per row, with no allocation per row.
import type { Direction } from '../shared/models';
import { matchesTerms, parseFieldQuery } from './protocols/field-query';

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

/** What filtering reads of a row: enough of MessageRecord to test without loading payloads. */
export interface FilterableRow {
  id: number;
  direction: Direction;
  connectionId: string;
  time: number;
  payload: { kind: 'text' | 'binary' };
}

export type CompiledFilter = { ok: true; matches(row: FilterableRow, lowerText: string): boolean; isEmpty: boolean } | { ok: false; error: string };

/**
 * Compiles a filter once per change. Text and regex matching are case-insensitive and run over the
 * row's lowercase search text; a regex with the `i` flag matches lowercase text as it would the original.
 */
/** The decoded protocol fields of a message (protocols/field-query.ts), for `field:value` filter terms. */
export type FieldsOf = (messageId: number) => readonly [string, string][] | undefined;

export function compileFilter(spec: FilterSpec, fieldsOf: FieldsOf = () => undefined): CompiledFilter {
  let textMatches: ((lowerText: string) => boolean) | undefined;
  let rowMatches: ((row: FilterableRow) => boolean) | undefined;
  const terms = spec.regex ? undefined : parseFieldQuery(spec.text);
  if (terms) {
    rowMatches = (row) => matchesTerms(fieldsOf(row.id), terms);
  } else if (spec.text !== '') {
    if (spec.regex) {
      const compiled = compileRegex(spec.text);
      if (!compiled.ok) return compiled;
      const pattern = compiled.regex;
      textMatches = (lowerText) => pattern.test(lowerText);
    } else {
      const needle = spec.text.toLowerCase();
      textMatches = (lowerText) => lowerText.includes(needle);
    }
  }
  const { direction, kind, connectionId, timeRange, only } = spec;
  const isEmpty = !textMatches && !rowMatches && direction === 'all' && kind === 'all' && connectionId === null && timeRange === null && !only;
  return {
    ok: true,
    isEmpty,
    matches(row, lowerText) {
      if (direction !== 'all' && row.direction !== direction) return false;
      if (kind !== 'all' && row.payload.kind !== kind) return false;
      if (connectionId !== null && row.connectionId !== connectionId) return false;
      if (timeRange !== null && (row.time < timeRange.from || row.time >= timeRange.to)) return false;
      if (only && !only.matches(row.id)) return false;
      if (rowMatches) return rowMatches(row);
      return textMatches ? textMatches(lowerText) : true;
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

/**
 * Appends to `out` the indexes in [from, rows.length) whose row matches. Called with from = 0 after a
 * filter change and with the old length when rows were appended, so live traffic filters only new rows.
 */
export function filterRange(
  rows: readonly FilterableRow[],
  searchTexts: readonly string[],
  filter: Extract<CompiledFilter, { ok: true }>,
  from: number,
  out: number[],
): number[] {
  if (filter.isEmpty) {
    for (let i = from; i < rows.length; i++) out.push(i);
    return out;
  }
  for (let i = from; i < rows.length; i++) {
    if (filter.matches(rows[i]!, searchTexts[i] ?? '')) out.push(i);
  }
  return out;
}
