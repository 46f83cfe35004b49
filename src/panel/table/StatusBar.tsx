// Under the table: how many messages the filter shows (of those loaded), sent and received counts and
// bytes, and the time they span; live, from the totals the filter pass sums (log-slice.ts). Also where the row
// menu says what it did ("Copied as JSON"), in a polite live region.
import { usePanel } from '../usePanel';
import { describeTotals } from './status-totals';

export function StatusBar({ outcome }: { outcome: string | null }) {
  const { log } = usePanel();
  // Summed by the filter pass itself (log-slice.ts): no pass over a million rows here.
  const figures = describeTotals(log.shownTotals.value, log.count);
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
