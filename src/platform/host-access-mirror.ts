// Runs in the background. Firefox gives DevTools panels no permissions API (only devtools, runtime
// and storage), so the background keeps a copy of "may we read every site?" in storage.local for them.
import { browser } from './browser';
import { HOST_ACCESS_KEY } from './host-access-key';

/** The origins the manifest asks for: what "access to websites" means for this extension. */
export function manifestHostOrigins(): string[] {
  const { host_permissions } = browser.runtime.getManifest() as { host_permissions?: string[] };
  return host_permissions?.length ? host_permissions : ['<all_urls>'];
}

/** Call synchronously at the top level of the background: permission changes then wake it. */
export function mirrorHostAccess(): void {
  const origins = manifestHostOrigins();
  const update = async (): Promise<void> => {
    const granted = await browser.permissions.contains({ origins });
    const stored = await browser.storage.local.get(HOST_ACCESS_KEY);
    if (stored[HOST_ACCESS_KEY] !== granted) await browser.storage.local.set({ [HOST_ACCESS_KEY]: granted });
  };
  const updateQuietly = () => void update().catch((error: unknown) => console.error('[wsi] host access check failed', error));
  browser.permissions.onAdded.addListener(updateQuietly);
  browser.permissions.onRemoved.addListener(updateQuietly);
  updateQuietly();
}
