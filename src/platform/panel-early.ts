// What the DevTools panel's first script asks of the browser before webextension-polyfill has loaded
// (its entry must stay small: first-rows.ts): the inspected tab, the theme, the table's layout.
// Chrome (MV3) and Firefox both give `chrome.devtools` and a promise from `storage.local.get`.

export type Theme = 'light' | 'dark';

/** Where the table layout is kept in storage.local (table-layout.ts reads and writes it). */
export const TABLE_LAYOUT_KEY = 'tableLayout';

interface EarlyApi {
  devtools?: { inspectedWindow?: { tabId?: number }; panels?: { themeName?: string } };
  storage?: { local?: { get(key: string): Promise<Record<string, unknown>> } };
}

function earlyApi(): EarlyApi | undefined {
  try {
    const scope = globalThis as { browser?: EarlyApi; chrome?: EarlyApi };
    return scope.browser ?? scope.chrome;
  } catch {
    return undefined;
  }
}

/** DevTools' devtools namespace: only in pages DevTools loaded; elsewhere reading it may throw or be undefined. */
function devtools(): EarlyApi['devtools'] {
  try {
    return earlyApi()?.devtools?.inspectedWindow ? earlyApi()!.devtools : undefined;
  } catch {
    return undefined;
  }
}

/** `?tabId=` overrides DevTools, so the panel page also works (and is tested) when opened directly as an extension page. */
export function inspectedTabId(): number | null {
  const fromUrl = new URLSearchParams(location.search).get('tabId');
  return fromUrl !== null ? Number(fromUrl) : (devtools()?.inspectedWindow?.tabId ?? null);
}

/** `?theme=` overrides DevTools' theme; null when DevTools' theme is followed. */
export function forcedTheme(): Theme | null {
  const forced = new URLSearchParams(location.search).get('theme');
  return forced === 'dark' || forced === 'light' ? forced : null;
}

export function devtoolsTheme(): Theme {
  return forcedTheme() ?? (devtools()?.panels?.themeName === 'dark' ? 'dark' : 'light');
}

/** The stored table layout, as platform/table-layout.ts reads it (unknown: the panel checks it). */
export async function readTableLayoutEarly(): Promise<unknown> {
  const local = earlyApi()?.storage?.local;
  return local ? (await local.get(TABLE_LAYOUT_KEY))[TABLE_LAYOUT_KEY] : undefined;
}
