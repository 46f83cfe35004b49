// Whether the user lets us read every site. Firefox (and Chrome's "site access" menu) can withhold
// MV3 host permissions; without them no content script runs and nothing is captured, silently.
import { browser } from '../../platform/browser';
import { HOST_ACCESS_KEY } from '../../platform/host-access-key';
import { manifestHostOrigins } from '../../platform/host-access-mirror';
import { openHistoryPage } from '../host';

interface Listenable {
  addListener(listener: () => void): void;
  removeListener(listener: () => void): void;
}

export interface PermissionsApi {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  request(permissions: { origins: string[] }): Promise<boolean>;
  onAdded: Listenable;
  onRemoved: Listenable;
}

export interface StorageApi {
  local: { get(key: string): Promise<Record<string, unknown>> };
  onChanged: Listenable;
}

export interface HostAccess {
  /** True when every origin the manifest asks for is granted (or when we cannot tell). */
  isGranted(): Promise<boolean>;
  /**
   * "prompt": request() asks the user right here. "elsewhere": this page cannot ask (a Firefox DevTools
   * panel), so request() opens an extension tab that can.
   */
  readonly requestMode: 'prompt' | 'elsewhere';
  /** Call it straight from a click handler, before any await: browsers demand a user gesture. */
  request(): Promise<boolean>;
  /** Calls `listener` whenever access may have changed; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export function hostAccess(): HostAccess {
  // Reading browser.permissions may throw where the namespace is not exposed.
  const permissions = (() => {
    try {
      return browser.permissions as PermissionsApi | undefined;
    } catch {
      return undefined;
    }
  })();
  return permissions ? directHostAccess(permissions, manifestHostOrigins()) : mirroredHostAccess(browser.storage, openHistoryPage);
}

export function directHostAccess(api: PermissionsApi, origins: string[]): HostAccess {
  return {
    isGranted: () => api.contains({ origins }),
    requestMode: 'prompt',
    request: () => api.request({ origins }),
    onChange: (listener) => subscribe([api.onAdded, api.onRemoved], listener),
  };
}

/** Reads the copy the background keeps (src/platform/host-access-mirror.ts); no copy yet means we cannot tell. */
export function mirroredHostAccess(storage: StorageApi, openGrantPage: () => void): HostAccess {
  return {
    isGranted: async () => (await storage.local.get(HOST_ACCESS_KEY))[HOST_ACCESS_KEY] !== false,
    requestMode: 'elsewhere',
    request: async () => {
      openGrantPage();
      return false;
    },
    onChange: (listener) => subscribe([storage.onChanged], listener),
  };
}

function subscribe(events: Listenable[], listener: () => void): () => void {
  for (const event of events) event.addListener(listener);
  return () => {
    for (const event of events) event.removeListener(listener);
  };
}
