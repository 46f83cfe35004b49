// Statistics of the whole view or one connection: counts, bytes, rates, a size histogram, latency
// percentiles and histogram of its pairs, the field its JSON is paired by, and the most frequent message
// shapes (a click filters the table to one). Loaded on first opening; recomputed at most twice a second.
import { useEffect, useState } from 'preact/hooks';
import { formatBytes } from '../format';
import { latencyHistogram, latencyStats, type HistogramBucket } from '../pairs/latency-stats';
import { formatLatency } from '../pairs/pair-text';
import type { Panel } from '../state/panel';
import { usePanel } from '../usePanel';
import { ShapeCache } from './shapes';
import { trafficStats, type TrafficStats } from './traffic-stats';
import './stats.css';

const RECOMPUTE_MS = 500;
const caches = new WeakMap<Panel, ShapeCache>();

function shapeCache(panel: Panel): ShapeCache {
  let cache = caches.get(panel);
  if (!cache) {
    cache = new ShapeCache(
      (id) => panel.protocols.decodedOf(id),
      () => panel.protocols.version.peek(),
    );
    caches.set(panel, cache);
  }
  return cache;
}

export function StatsView() {
  const panel = usePanel();
  const connectionId = panel.filters.spec.value.connectionId;
  const versions = [panel.log.version.value, panel.protocols.version.value, panel.pairs.version.value, connectionId];
  const [stats, setStats] = useState<{ traffic: TrafficStats; latencies: number[] } | null>(null);

  useEffect(() => {
    const cache = shapeCache(panel);
    const timer = setTimeout(
      () =>
        setStats({
          traffic: trafficStats(panel.log.peekRows(), connectionId, (row) => cache.of(row)),
          latencies: panel.pairs.pairs.latencySamples(connectionId ?? undefined),
        }),
      stats ? RECOMPUTE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, versions);

  const connection = panel.session.connection(connectionId);
  return (
    <section class="stats-view" aria-label="Statistics">
      <div class="stats-title">Statistics · {connection ? connection.url : 'all connections (pick one in the filter bar for its own)'}</div>
      {!stats ? (
        <div class="wsi-hint">Counting…</div>
      ) : (
        <StatsBody panel={panel} traffic={stats.traffic} latencies={stats.latencies} connectionId={connectionId} />
      )}
    </section>
  );
}

function StatsBody({ panel, traffic, latencies, connectionId }: { panel: Panel; traffic: TrafficStats; latencies: number[]; connectionId: string | null }) {
  const latency = latencyStats(latencies);
  const filterByShape = (shape: string) => {
    const cache = shapeCache(panel);
    panel.filters.set({
      only: {
        label: `Shape ${shape}`,
        matches: (id) => {
          const row = panel.log.rowById(id);
          return row !== undefined && cache.of(row) === shape;
        },
      },
    });
  };
  return (
    <div class="stats-body">
      <div class="stats-block">
        <h4>Traffic</h4>
        <dl class="stats-figures">
          <dt>Sent</dt>
          <dd>
            {traffic.sent.count.toLocaleString()} · {formatBytes(traffic.sent.bytes)}
          </dd>
          <dt>Received</dt>
          <dd>
            {traffic.received.count.toLocaleString()} · {formatBytes(traffic.received.bytes)}
          </dd>
          <dt>Span</dt>
          <dd>{(traffic.spanMs / 1000).toFixed(1)} s</dd>
          <dt>Rate</dt>
          <dd>
            {traffic.messagesPerSecond.toFixed(1)} msg/s · {formatBytes(traffic.bytesPerSecond)}/s
          </dd>
          <dt>Peak</dt>
          <dd>{traffic.peakPerSecond.toLocaleString()} msg in one second</dd>
        </dl>
        <h4>Message sizes</h4>
        <Histogram buckets={traffic.sizes} label={(bucket) => `< ${formatBytes(bucket.to)}`} name="Message sizes" />
      </div>
      <div class="stats-block">
        <h4>Latency</h4>
        {latency ? (
          <dl class="stats-figures stats-latency">
            <dt>Pairs</dt>
            <dd>{latency.count.toLocaleString()}</dd>
            <dt>p50</dt>
            <dd>{formatLatency(latency.p50)}</dd>
            <dt>p95</dt>
            <dd>{formatLatency(latency.p95)}</dd>
            <dt>p99</dt>
            <dd>{formatLatency(latency.p99)}</dd>
            <dt>max</dt>
            <dd>{formatLatency(latency.max)}</dd>
          </dl>
        ) : (
          <div class="wsi-hint">No answered requests.</div>
        )}
        {latency && <Histogram buckets={latencyHistogram(latencies)} label={(bucket) => `< ${formatLatency(bucket.to)}`} name="Latencies" />}
        {connectionId !== null && !panel.protocols.pairsByProtocol(connectionId) && <PairByField panel={panel} connectionId={connectionId} />}
      </div>
      <div class="stats-block">
        <h4>Most frequent shapes</h4>
        <ol class="stats-shapes">
          {traffic.shapes.map(({ shape, count }) => (
            <li key={shape}>
              <button type="button" class="stats-shape" title="Show only messages of this shape" onClick={() => filterByShape(shape)}>
                <span class="stats-shape-name">{shape}</span> <span class="stats-shape-count">{count.toLocaleString()}</span>
              </button>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

/** The JSON field a connection's requests and answers are paired by: the one found, or the user's. */
function PairByField({ panel, connectionId }: { panel: Panel; connectionId: string }) {
  const current = panel.pairs.fields.value.get(connectionId);
  const [text, setText] = useState(current?.chosen ? current.field : '');
  return (
    <form
      class="pair-by-field"
      onSubmit={(event) => {
        event.preventDefault();
        panel.pairs.chooseField(connectionId, text);
      }}
    >
      <label>
        Pair by field{' '}
        <input
          type="text"
          value={text}
          placeholder={current ? current.field : 'none found'}
          aria-label="Pair by field"
          title="A JSON field (dotted path, e.g. meta.requestId) whose value an answer repeats; empty: the one found"
          onInput={(event) => setText(event.currentTarget.value)}
        />
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

function Histogram({ buckets, label, name }: { buckets: HistogramBucket[]; label: (bucket: HistogramBucket) => string; name: string }) {
  const top = Math.max(1, ...buckets.map((bucket) => bucket.count));
  return (
    <div class="stats-histogram" role="table" aria-label={name}>
      {buckets.map((bucket) => (
        <div key={bucket.from} class="stats-bar-row" role="row">
          <span class="stats-bar-label" role="cell">
            {label(bucket)}
          </span>
          <span class="stats-bar" role="cell" style={`width: ${(bucket.count / top) * 100}%`} />
          <span class="stats-bar-count" role="cell">
            {bucket.count.toLocaleString()}
          </span>
        </div>
      ))}
    </div>
  );
}
