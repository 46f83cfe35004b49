// Latency percentiles and a histogram for the pairs of a connection or session.

export interface LatencyStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles; undefined when there is no sample. */
export function latencyStats(samples: readonly number[]): LatencyStats | undefined {
  if (samples.length === 0) return undefined;
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return { count: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1]! };
}

export interface HistogramBucket {
  /** Inclusive lower bound, milliseconds. */
  from: number;
  /** Exclusive upper bound, milliseconds (Infinity for the last). */
  to: number;
  count: number;
}

/**
 * Counts per power-of-two bucket from under 1 ms up: latencies span microseconds to minutes, and a
 * logarithmic scale keeps both ends readable.
 */
export function latencyHistogram(samples: readonly number[]): HistogramBucket[] {
  if (samples.length === 0) return [];
  const counts = new Map<number, number>();
  let top = 0;
  for (const sample of samples) {
    const bucket = sample < 1 ? 0 : Math.floor(Math.log2(sample)) + 1;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    top = Math.max(top, bucket);
  }
  const buckets: HistogramBucket[] = [];
  for (let bucket = 0; bucket <= top; bucket++) {
    buckets.push({ from: bucket === 0 ? 0 : 2 ** (bucket - 1), to: 2 ** bucket, count: counts.get(bucket) ?? 0 });
  }
  return buckets;
}
