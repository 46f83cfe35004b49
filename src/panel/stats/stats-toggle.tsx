// The toolbar's Stats switch. Its own small module: the statistics view loads on first opening.
import { signal } from '@preact/signals';

export const statsShown = signal(false);

export function StatsButton() {
  const shown = statsShown.value;
  return (
    <button
      type="button"
      aria-pressed={shown}
      title="Counts, bytes, rates, sizes, latencies and the most frequent message shapes"
      onClick={() => (statsShown.value = !shown)}
    >
      Stats
    </button>
  );
}
