// 150,000 seeded messages, 3.3 M px of rows at 22 px, more than the virtual list lets its spacer be:
// every row is reachable by the scrollbar, keys, selection and a message found by a filter, and shows
// the id it was stored under (scroll-reach.ts; Firefox: firefox-scroll-reach.test.ts).
import { test } from 'vitest';
import { MESSAGE_ROW_HEIGHT } from '../../src/panel/components/MessageTable';
import { setUpExtensionBrowser } from './extension-browser';
import { checkScrollReach, type DriverPage } from './scroll-reach';
import { connection, seed, seedGenerated, session } from './seed';

const COUNT = 150_000;
const world = setUpExtensionBrowser();

test('150,000 messages: first, middle and last rows reachable by scrollbar, keys and selection, with the right ids', async () => {
  const tabId = 91;
  const seeder = await world.browser.openExtensionPage('src/panel/history.html');
  await seed(seeder, { sessions: [session('reach', tabId)], connections: [connection('reach-a', 'reach', tabId), connection('reach-b', 'reach', tabId)] });
  await seedGenerated(seeder, { sessionId: 'reach', connectionIds: ['reach-a', 'reach-b'], count: COUNT, startTime: Date.now() });
  await seeder.close();
  const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await checkScrollReach(page as unknown as DriverPage, COUNT, MESSAGE_ROW_HEIGHT);
});
