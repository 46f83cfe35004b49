// Filters: the spec the filter bar edits, why it cannot apply (if so), and re-filtering as the
// full-text index fills in.
import { batch, signal } from '@preact/signals';
import { compileFilter, NO_FILTER, type CompiledFilter, type DecodedOf, type FilterSpec } from '../filters';
import { parseFieldQuery } from '../protocols/field-query';
import type { LogSlice } from './log-slice';

/** Full texts arriving can change which rows match: re-apply at most this often. */
const INDEX_REFILTER_MS = 150;

export class FilterSlice {
  readonly spec = signal<FilterSpec>(NO_FILTER);
  /** Why the current filter text could not be applied; the table keeps the last good result meanwhile. */
  readonly error = signal<string | null>(null);
  private refilterTimer: ReturnType<typeof setTimeout> | undefined;
  /** The spec the log's last filter pass was asked for (the shown rows), to tell when a new one narrows it. */
  private applied: FilterSpec = NO_FILTER;

  constructor(
    private readonly log: LogSlice,
    private readonly decodedOf: DecodedOf,
  ) {}

  set(patch: Partial<FilterSpec>): void {
    const spec = { ...this.spec.peek(), ...patch };
    const compiled = compileFilter(spec, this.decodedOf);
    batch(() => {
      this.spec.value = spec;
      // An unusable filter keeps the last good rows on screen and only reports the problem.
      this.error.value = compiled.ok ? null : compiled.error;
      if (compiled.ok) {
        this.log.refilter(compiled, narrows(this.applied, spec));
        this.applied = spec;
      }
    });
  }

  compiled(): CompiledFilter {
    return compileFilter(this.spec.peek(), this.decodedOf);
  }

  /** The search index took in more full texts: a text filter may match more rows now. */
  textIndexed(): void {
    if (this.spec.peek().text === '' || this.refilterTimer) return;
    this.refilterTimer = setTimeout(() => {
      this.refilterTimer = undefined;
      this.set({});
    }, INDEX_REFILTER_MS);
  }

  /**
   * More messages were decoded: only `field:value` terms read decodings, so only they are re-applied
   * (a full pass over a million rows after every decoded batch kept restarting the pass a keystroke began).
   */
  decoded(): void {
    const { text, regex } = this.spec.peek();
    if (!regex && parseFieldQuery(text)) this.textIndexed();
  }

  dispose(): void {
    clearTimeout(this.refilterTimer);
    this.refilterTimer = undefined;
  }
}

/**
 * Whether every row `next` shows is among the rows `previous` shows: plain text (no regex, no field
 * terms) that contains the previous text, everything else the same. Matching ignores case one character
 * at a time, so a text that matches the longer query matches any part of it.
 */
function narrows(previous: FilterSpec, next: FilterSpec): boolean {
  return (
    !previous.regex &&
    !next.regex &&
    next.text.includes(previous.text) &&
    !parseFieldQuery(previous.text) &&
    !parseFieldQuery(next.text) &&
    previous.direction === next.direction &&
    previous.kind === next.kind &&
    previous.connectionId === next.connectionId &&
    previous.timeRange?.from === next.timeRange?.from &&
    previous.timeRange?.to === next.timeRange?.to &&
    previous.only === next.only &&
    !next.only?.live
  );
}
