// Firefox: 150,000 seeded messages, every row reachable by the scrollbar, keys, selection and a
// message found by a filter, each with the id it was stored under (scroll-reach.ts). Firefox caps an
// element's height lower than Chromium does (about 17.9 M px against 33.5 M px).
import { test } from 'vitest';
import { MESSAGE_ROW_HEIGHT } from '../../src/panel/components/MessageTable';
import { checkScrollReach, type DriverPage } from './scroll-reach';
import { connection, seed, seedGenerated, session } from './seed';
import { setUpFirefoxWorld } from './firefox-world';

const COUNT = 150_000;
const world = setUpFirefoxWorld();

test('Firefox, 150,000 messages: first, middle and last rows reachable by scrollbar, keys and selection, with the right ids', async () => {
  const tabId = 91;
  const seeder = await world.firefox.openExtensionPage('src/panel/history.html');
  await seed(seeder, { sessions: [session('reach', tabId)], connections: [connection('reach-a', 'reach', tabId), connection('reach-b', 'reach', tabId)] });
  await seedGenerated(seeder, { sessionId: 'reach', connectionIds: ['reach-a', 'reach-b'], count: COUNT, startTime: Date.now() });
  await seeder.close();
  const page = await world.firefox.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await checkScrollReach(page as unknown as DriverPage, COUNT, MESSAGE_ROW_HEIGHT);
});
