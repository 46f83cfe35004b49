// A message's marks (not from the page: replayed or injected; cut: truncated or bytes lost; what a rule
// or breakpoint did: held, edited, modified, dropped, delayed, duplicate, mocked), and
// which sets of marks the loaded rows hold, so the Marks column can be as wide as its widest set
// needs, and absent when no row has any.
import type { StoredMessage } from '../../db/message-chunks';
import { shortfallOf } from '../format';
import type { InterceptStepAction } from '../../shared/intercept';

export type MarkedRow = Pick<StoredMessage, 'origin' | 'payload' | 'mark'>;

export interface Mark {
  label: string;
  /** CSS modifier: mark-replayed, mark-injected, mark-truncated; intercept marks add mark-intercept and mark-ACTION. */
  kind: string;
  title?: string;
}

export function marksOf(message: MarkedRow): Mark[] {
  const marks: Mark[] = [];
  if (message.origin !== 'page') marks.push({ label: message.origin, kind: message.origin });
  const shortfall = shortfallOf(message.payload);
  if (shortfall) marks.push({ label: shortfall.label, kind: 'truncated', title: shortfall.title });
  for (const action of new Set(message.mark?.steps.map((step) => step.action))) {
    const by = message.mark!.steps.filter((step) => step.action === action).map((step) => step.by);
    marks.push({ label: INTERCEPT_LABELS[action], kind: `intercept mark-${action}`, title: `${INTERCEPT_LABELS[action]} by ${by.join(', ')}` });
  }
  return marks;
}

const INTERCEPT_LABELS: Record<InterceptStepAction, string> = {
  held: 'held',
  edited: 'edited',
  modified: 'modified',
  dropped: 'dropped',
  delayed: 'delayed',
  duplicated: 'duplicate',
  mocked: 'mocked',
};

/**
 * The distinct label lists of the rows' marks (a handful at most), each joined by '\n'. Kept as rows
 * arrive (the message log takes each row in once), so no render walks the rows for them.
 */
export class MarkSets {
  private readonly sets = new Set<string>();

  /** Takes a row in: most rows have no mark, which costs this one check. */
  take(row: MarkedRow): void {
    if (row.origin === 'page' && !row.payload.truncated && !row.mark) return;
    this.sets.add(
      marksOf(row)
        .map((mark) => mark.label)
        .join('\n'),
    );
  }

  /** Takes `rows` in and returns the sets of every row taken so far. */
  update(rows: Iterable<MarkedRow>): ReadonlySet<string> {
    for (const row of rows) this.take(row);
    return this.sets;
  }

  get all(): ReadonlySet<string> {
    return this.sets;
  }

  clear(): void {
    this.sets.clear();
  }
}
