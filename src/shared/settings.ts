// User settings: their shape, defaults and validation (no browser APIs; stored by src/platform/settings.ts).

export interface Settings {
  /** Messages larger than this are cut by the page hook; `payload.size` keeps the original size. */
  maxPayloadBytes: number;
  /** Stored payload bytes (wire sizes) above which the oldest sessions are evicted. */
  storageBudgetBytes: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  maxPayloadBytes: 10 * 1024 * 1024,
  storageBudgetBytes: 2 * 1024 * 1024 * 1024,
};

/** The one storage.local key holding every setting. */
export const SETTINGS_KEY = 'settings';

function positiveInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

/** Defaults filled in, and anything malformed replaced by its default. */
export function normalizeSettings(raw: unknown): Settings {
  const stored = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof Settings, unknown>>;
  return {
    maxPayloadBytes: positiveInteger(stored.maxPayloadBytes, DEFAULT_SETTINGS.maxPayloadBytes),
    storageBudgetBytes: positiveInteger(stored.storageBudgetBytes, DEFAULT_SETTINGS.storageBudgetBytes),
  };
}
