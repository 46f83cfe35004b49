// The toolbar's Timeline switch. Its own small module: the chart and uPlot load on first opening.
import { signal } from '@preact/signals';

export const timelineShown = signal(false);

export function TimelineButton() {
  const shown = timelineShown.value;
  return (
    <button
      type="button"
      aria-pressed={shown}
      title="Messages and bytes per second over time, and each connection's lifetime"
      onClick={() => (timelineShown.value = !shown)}
    >
      Timeline
    </button>
  );
}
