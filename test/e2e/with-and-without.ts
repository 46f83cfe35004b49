// A Chromium with the built extension beside a baseline Chromium without it, and a server with one probe
// page: for tests that run the same probe in both and require that a page sees no difference.
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH, launchWithExtension, type ExtensionBrowser } from './chromium';
import { startTestServer, type TestServer } from './servers';

export interface WithAndWithout {
  withExtension: ExtensionBrowser;
  baseline: Browser;
  server: TestServer;
  /** The probe page's URL on `server`. */
  probeUrl: string;
}

/** Launches both browsers and the server before the file's tests (filled in then) and closes them after. */
export function setUpWithAndWithout(probePath: string, title: string): WithAndWithout {
  const pair = {} as WithAndWithout;
  beforeAll(async () => {
    [pair.withExtension, pair.baseline, pair.server] = await Promise.all([
      launchWithExtension(),
      chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] }),
      startTestServer(),
    ]);
    pair.probeUrl = pair.server.page(probePath, `<!doctype html><title>${title}</title><body></body>`);
  });
  afterAll(async () => {
    await pair.withExtension?.close();
    await pair.baseline?.close();
    await pair.server?.close();
  });
  return pair;
}
