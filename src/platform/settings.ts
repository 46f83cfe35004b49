// User settings in storage.local, shared by the content relay (payload cap) and the background (budget).
import { browser } from './browser';

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

export async function getSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return normalizeSettings(stored[SETTINGS_KEY]);
}

/** Changes some settings, keeping the rest. Returns what is now stored. */
export async function setSettings(changes: Partial<Settings>): Promise<Settings> {
  const next = normalizeSettings({ ...(await getSettings()), ...changes });
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

/** Calls `listener` with the full settings whenever any of them changes. Returns an unsubscribe function. */
export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area === 'local' && SETTINGS_KEY in changes) listener(normalizeSettings(changes[SETTINGS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
