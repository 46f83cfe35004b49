// The toolbar's Stats switch. Its own small module: the statistics view loads on first opening.
import { signal } from '@preact/signals';
import { ViewToggle } from '../components/ViewToggle';

export const statsShown = signal(false);

export const StatsButton = () => (
  <ViewToggle shown={statsShown} label="Stats" title="Counts, bytes, rates, sizes, latencies and the most frequent message shapes" />
);
