// One Chromium with the built extension per test file, started before its tests and closed after them
// (the Chromium twin of firefox-world.ts). Kept out of chromium.ts, which the benches import without vitest.
import { afterAll, beforeAll } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from './chromium';

/** Call at the top level of a test file; `browser` is set by the time tests run. */
export function setUpExtensionBrowser(): { browser: ExtensionBrowser } {
  const world = {} as { browser: ExtensionBrowser };
  beforeAll(async () => {
    world.browser = await launchWithExtension();
  });
  afterAll(async () => {
    await world.browser?.close();
  });
  return world;
}
