// One Firefox per test file: a local page/WebSocket server, Firefox with the extension, and a reader
// for the extension's database, set up before the file's tests and torn down after them.
import { afterAll, beforeAll } from 'vitest';
import { launchFirefoxWithExtension, type FirefoxWithExtension, type LaunchOptions } from './firefox';
import { openFirefoxDatabase, type FirefoxDatabase } from './firefox-db';
import { startTestServer, type TestServer } from './servers';

export interface FirefoxWorld {
  server: TestServer;
  firefox: FirefoxWithExtension;
  db: FirefoxDatabase;
}

/** Call at the top level of a test file; the fields are filled in by the time tests run. */
export function setUpFirefoxWorld(options: LaunchOptions = {}): FirefoxWorld {
  const world = {} as FirefoxWorld;
  beforeAll(async () => {
    world.server = await startTestServer();
    world.firefox = await launchFirefoxWithExtension(options);
    world.db = await openFirefoxDatabase(world.firefox);
  });
  afterAll(async () => {
    await world.firefox?.close();
    await world.server?.close();
  });
  return world;
}
