// Filters: the spec the filter bar edits, why it cannot apply (if so), and re-filtering as the
// full-text index fills in.
import { batch, signal } from '@preact/signals';
import { compileFilter, NO_FILTER, type CompiledFilter, type DecodedOf, type FilterSpec } from '../filters';
import type { LogSlice } from './log-slice';

/** Full texts arriving can change which rows match: re-apply at most this often. */
const INDEX_REFILTER_MS = 150;

export class FilterSlice {
  readonly spec = signal<FilterSpec>(NO_FILTER);
  /** Why the current filter text could not be applied; the table keeps the last good result meanwhile. */
  readonly error = signal<string | null>(null);
  private refilterTimer: ReturnType<typeof setTimeout> | undefined;

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
      if (compiled.ok) this.log.refilter(compiled);
    });
  }

  compiled(): CompiledFilter {
    return compileFilter(this.spec.peek(), this.decodedOf);
  }

  /** The search index took in more full texts, or more messages were decoded: a text filter may match more rows now. */
  textIndexed(): void {
    if (this.spec.peek().text === '' || this.refilterTimer) return;
    this.refilterTimer = setTimeout(() => {
      this.refilterTimer = undefined;
      this.set({});
    }, INDEX_REFILTER_MS);
  }

  dispose(): void {
    clearTimeout(this.refilterTimer);
    this.refilterTimer = undefined;
  }
}
