// The manifest's host permissions at run time: granted, withheld, asked for; directly where the
// permissions API exists, through the background's storage copy in a Firefox DevTools panel.
import { describe, expect, test, vi } from 'vitest';
import { HOST_ACCESS_KEY } from '../../src/platform/host-access-key';

// webextension-polyfill refuses to load outside an extension; these tests pass their own fakes.
vi.mock('../../src/platform/browser', () => ({ browser: {} }));
const { directHostAccess, mirroredHostAccess } = await import('../../src/panel/permissions/hostAccess');

function fakeEvent() {
  const listeners = new Set<() => void>();
  return {
    addListener: (listener: () => void) => void listeners.add(listener),
    removeListener: (listener: () => void) => void listeners.delete(listener),
    fire: () => listeners.forEach((listener) => listener()),
    count: () => listeners.size,
  };
}

describe('directHostAccess', () => {
  const origins = ['<all_urls>'];
  const api = () => ({
    contains: vi.fn(async () => false),
    request: vi.fn(async () => true),
    onAdded: fakeEvent(),
    onRemoved: fakeEvent(),
  });

  test('asks the permissions API about the manifest origins and requests them in place', async () => {
    const permissions = api();
    const access = directHostAccess(permissions, origins);
    expect(await access.isGranted()).toBe(false);
    expect(permissions.contains).toHaveBeenCalledWith({ origins });
    expect(access.requestMode).toBe('prompt');
    expect(await access.request()).toBe(true);
    expect(permissions.request).toHaveBeenCalledWith({ origins });
  });

  test('reports grants and withdrawals until unsubscribed', () => {
    const permissions = api();
    const listener = vi.fn();
    const unsubscribe = directHostAccess(permissions, origins).onChange(listener);
    permissions.onAdded.fire();
    permissions.onRemoved.fire();
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    expect(permissions.onAdded.count() + permissions.onRemoved.count()).toBe(0);
  });
});

describe('mirroredHostAccess', () => {
  const storage = (stored: Record<string, unknown>) => ({ local: { get: async () => stored }, onChanged: fakeEvent() });

  test.each([
    [{ [HOST_ACCESS_KEY]: false }, false],
    [{ [HOST_ACCESS_KEY]: true }, true],
    [{}, true], // No copy yet: cannot tell, so no false alarm.
  ])("reads the background's copy %j as granted = %s", async (stored, granted) => {
    expect(await mirroredHostAccess(storage(stored), () => {}).isGranted()).toBe(granted);
  });

  test('cannot prompt here, so request() opens the page that can and reports nothing granted yet', async () => {
    const openGrantPage = vi.fn();
    const access = mirroredHostAccess(storage({}), openGrantPage);
    expect(access.requestMode).toBe('elsewhere');
    expect(await access.request()).toBe(false);
    expect(openGrantPage).toHaveBeenCalledOnce();
  });

  test('re-checks whenever storage changes', () => {
    const store = storage({});
    const listener = vi.fn();
    mirroredHostAccess(store, () => {}).onChange(listener);
    store.onChanged.fire();
    expect(listener).toHaveBeenCalledOnce();
  });
});
