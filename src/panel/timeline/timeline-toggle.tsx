// The toolbar's Timeline switch. Its own small module: the chart and uPlot load on first opening.
import { signal } from '@preact/signals';
import { ViewToggle } from '../components/ViewToggle';

export const timelineShown = signal(false);

export const TimelineButton = () => (
  <ViewToggle shown={timelineShown} label="Timeline" title="Messages and bytes per second over time, and each connection's lifetime" />
);
