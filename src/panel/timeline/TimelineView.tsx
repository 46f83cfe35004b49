// The timeline: messages/s and bytes/s per direction over the view (one connection when the filter names
// one, else all), with opens and closes marked, and each connection's lifetime as a bar below. Dragging
// across the chart filters the table to that time range; a click selects the nearest message.
// Drawn by uPlot (docs/ARCHITECTURE.md says why); loaded with this module, on first opening.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatBytes, formatClock } from '../format';
import { usePanel } from '../usePanel';
import { lifecycleBars } from './lifecycle';
import { LiveRates } from './live-rates';
import { nearestMessage, type RateSeries } from './series';

/** Live traffic redraws the chart at most this often. */
const REDRAW_MS = 500;
const CHART_HEIGHT = 150;

export function TimelineView() {
  const panel = usePanel();
  const chartHost = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const [series, setSeries] = useState<RateSeries | null>(null);
  const bucketMs = useRef(1000);
  bucketMs.current = series?.bucketMs ?? 1000;
  const version = panel.log.version.value;
  const connectionId = panel.filters.spec.value.connectionId;
  const timeRange = panel.filters.spec.value.timeRange;
  const connections = panel.session.connections.value;

  // The rates, updated with the rows that arrive (throttled), started again when the connection changes.
  const rates = useMemo(() => new LiveRates(connectionId), [connectionId]);
  useEffect(() => {
    const timer = setTimeout(() => setSeries(rates.update(panel.log.peekColumns())), chart.current ? REDRAW_MS : 0);
    return () => clearTimeout(timer);
  }, [version, rates]);

  const shown = connections.filter((connection) => !connectionId || connection.id === connectionId);
  const span = series && series.x.length > 0 ? { from: series.x[0]! * 1000, to: series.x[series.x.length - 1]! * 1000 + series.bucketMs } : null;

  useEffect(() => {
    const host = chartHost.current;
    if (!host || !series) return;
    const data: uPlot.AlignedData = [series.x, series.sentMessages, series.receivedMessages, series.sentBytes, series.receivedBytes];
    if (chart.current) {
      chart.current.setData(data);
      return;
    }
    const style = getComputedStyle(host);
    const color = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const fg = color('--fg-muted', '#5f6368');
    const grid = color('--border', '#d6d9de');
    const axis = (scale: string, side: 0 | 1, format: (value: number) => string): uPlot.Axis => ({
      scale,
      side: side === 0 ? 3 : 1,
      stroke: fg,
      grid: { stroke: grid, width: 1, show: side === 0 },
      ticks: { stroke: grid },
      size: 60,
      values: (_u, values) => values.map(format),
    });
    chart.current = new uPlot(
      {
        width: host.clientWidth || 600,
        height: CHART_HEIGHT,
        legend: { show: true },
        cursor: { drag: { x: true, y: false, setScale: false } },
        scales: { x: { time: true } },
        series: [
          { value: (_u, value) => (value === null ? '' : formatClock(value * 1000)) },
          { label: 'sent msg/s', scale: 'messages', stroke: color('--sent', '#1e8e3e'), width: 1.5 },
          { label: 'received msg/s', scale: 'messages', stroke: color('--received', '#c5221f'), width: 1.5 },
          { label: 'sent B/s', scale: 'bytes', stroke: color('--sent', '#1e8e3e'), dash: [4, 3], width: 1 },
          { label: 'received B/s', scale: 'bytes', stroke: color('--received', '#c5221f'), dash: [4, 3], width: 1 },
        ],
        axes: [
          { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
          axis('messages', 0, (value) => `${value}/s`),
          axis('bytes', 1, (value) => `${formatBytes(value)}/s`),
        ],
        hooks: {
          setSelect: [
            (u) => {
              if (u.select.width < 2) return;
              // Whole buckets, as the chart shows them: the range holds exactly the messages of the bars selected.
              const width = bucketMs.current;
              const from = Math.floor((u.posToVal(u.select.left, 'x') * 1000) / width) * width;
              const to = (Math.floor((u.posToVal(u.select.left + u.select.width, 'x') * 1000) / width) + 1) * width;
              panel.filters.set({ timeRange: { from, to } });
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            },
          ],
          draw: [(u) => drawLifecycleMarks(u, panel.session.connections.peek(), color('--sent', '#1e8e3e'), color('--received', '#c5221f'), fg)],
        },
      },
      data,
      host,
    );
    // A click (no drag) selects the message nearest the pointer, among the rows the filter shows. uPlot
    // swallows click events after its drag handling, so a press and release in one place counts as a click.
    let pressedAt = -1;
    chart.current.over.addEventListener('mousedown', (event) => (pressedAt = event.clientX));
    chart.current.over.addEventListener('mouseup', (event) => {
      const u = chart.current;
      if (!u || Math.abs(event.clientX - pressedAt) > 2) return;
      const time = u.posToVal(event.clientX - u.over.getBoundingClientRect().left, 'x') * 1000;
      const columns = panel.log.peekColumns();
      const index = nearestMessage(columns, panel.log.visible.peek(), time);
      if (index >= 0) panel.selection.select(columns.idAt(index));
    });
  }, [series]);

  // Follow the pane's width; release the chart with the view.
  useEffect(() => {
    const host = chartHost.current;
    if (!host) return;
    const observer = new ResizeObserver(() => chart.current?.setSize({ width: host.clientWidth, height: CHART_HEIGHT }));
    observer.observe(host);
    return () => {
      observer.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  return (
    <section class="timeline" aria-label="Timeline">
      <div class="timeline-bar">
        <span class="timeline-title">{connectionId ? 'Timeline of the selected connection' : 'Timeline of all connections'}</span>
        {series && (
          <span class="wsi-hint">
            bucket {series.bucketMs >= 1000 ? `${series.bucketMs / 1000} s` : `${series.bucketMs} ms`} · drag to filter a time range, click to select a message
          </span>
        )}
        {timeRange && (
          <button type="button" class="timeline-range" title="Show all times again" onClick={() => panel.filters.set({ timeRange: null })}>
            {formatClock(timeRange.from)} – {formatClock(timeRange.to)} ✕
          </button>
        )}
      </div>
      {series && series.x.length === 0 && <div class="empty-table">No messages to chart.</div>}
      <div class="timeline-chart" ref={chartHost} />
      {span && (
        <div class="lifecycle" aria-label="Connection lifetimes">
          {lifecycleBars(shown, span).map((bar) => (
            <div
              class="lifecycle-row"
              key={bar.connectionId}
              title={`${bar.url}${bar.open ? ' (open)' : bar.closeCode !== undefined ? ` (closed ${bar.closeCode})` : ''}`}
            >
              <div
                class={`lifecycle-bar${bar.open ? ' is-open' : ''}${bar.errors > 0 ? ' has-errors' : ''}`}
                style={{ left: `${bar.start * 100}%`, width: `${Math.max(0.3, (bar.end - bar.start) * 100)}%` }}
              />
              <span class="lifecycle-label">{bar.url}</span>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

/** Opens as solid lines, clean closes dashed, closes with an error or abnormal code in the error colour. */
function drawLifecycleMarks(
  u: uPlot,
  connections: readonly { openedAt?: number; closedAt?: number; close?: { code: number }; errors: string[] }[],
  open: string,
  failed: string,
  closed: string,
) {
  const { ctx } = u;
  const { top, height } = u.bbox;
  ctx.save();
  ctx.lineWidth = Math.max(1, devicePixelRatio);
  const line = (time: number | undefined, stroke: string, dash: number[]) => {
    if (time === undefined) return;
    const x = u.valToPos(time / 1000, 'x', true);
    if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
    ctx.strokeStyle = stroke;
    ctx.setLineDash(dash);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  };
  for (const connection of connections) {
    line(connection.openedAt, open, []);
    const abnormal = connection.errors.length > 0 || (connection.close !== undefined && connection.close.code !== 1000 && connection.close.code !== 1001);
    line(connection.closedAt, abnormal ? failed : closed, [4, 4]);
  }
  ctx.restore();
}
