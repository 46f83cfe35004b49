// Whether the user lets us read every site. Firefox (and Chrome's "site access" menu) can withhold
// MV3 host permissions; without them no content script runs and nothing is captured, silently.
import { browser } from '../../platform/browser';

export interface PermissionsApi {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  request(permissions: { origins: string[] }): Promise<boolean>;
  onAdded: { addListener(listener: () => void): void; removeListener(listener: () => void): void };
  onRemoved: { addListener(listener: () => void): void; removeListener(listener: () => void): void };
}

export interface HostAccess {
  /** True when every origin the manifest asks for is granted. */
  isGranted(): Promise<boolean>;
  /** Asks the user. Call it straight from a click handler, before any await: browsers demand a user gesture. */
  request(): Promise<boolean>;
  /** Calls `listener` whenever the user grants or withdraws a permission; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export function hostAccess(api: PermissionsApi = browser.permissions, origins = manifestHostOrigins()): HostAccess {
  return {
    isGranted: () => api.contains({ origins }),
    request: () => api.request({ origins }),
    onChange(listener) {
      api.onAdded.addListener(listener);
      api.onRemoved.addListener(listener);
      return () => {
        api.onAdded.removeListener(listener);
        api.onRemoved.removeListener(listener);
      };
    },
  };
}

function manifestHostOrigins(): string[] {
  const { host_permissions } = browser.runtime.getManifest() as { host_permissions?: string[] };
  return host_permissions?.length ? host_permissions : ['<all_urls>'];
}
