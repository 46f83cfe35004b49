// Under the table: how many messages the filter shows (of those loaded), sent and received counts and
// bytes, and the time they span; live, from running totals (status-totals.ts). Also where the row
// menu says what it did ("Copied as JSON"), in a polite live region.
import { useRef } from 'preact/hooks';
import { usePanel } from '../usePanel';
import { describeTotals, VisibleTotals } from './status-totals';

export function StatusBar({ outcome }: { outcome: string | null }) {
  const { log, filters } = usePanel();
  const totals = useRef(new VisibleTotals());
  const rows = log.rows;
  const figures = describeTotals(totals.current.update(rows, log.visible.value, filters.spec.value), rows.length);
  return (
    <div class="status-bar" role="group" aria-label="Messages shown">
      <span data-figure="count">{figures.count}</span>
      <span data-figure="sent">{figures.sent}</span>
      <span data-figure="received">{figures.received}</span>
      <span data-figure="span">{figures.span}</span>
      <span class="status-outcome" role="status">
        {outcome}
      </span>
    </div>
  );
}
