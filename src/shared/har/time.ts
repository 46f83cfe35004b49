// HAR clocks: ISO dates for entries and pages, Unix seconds (float) for WebSocket messages.
// Rounded to the microsecond both ways so that export → import → export is exact.

export function roundMicro(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export function secondsFromMs(ms: number): number {
  return Math.round(ms * 1000) / 1e6;
}

export function msFromSeconds(seconds: number): number {
  return Math.round(seconds * 1e6) / 1000;
}

export function isoFromMs(ms: number): string {
  const date = new Date(Number.isFinite(ms) ? ms : 0);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}
