// Code loaded on use: the panel's first screen loads none of the code of its features (Frames, Decode bytes,
// HAR, replay, Settings and .proto files, Rules, Intercept, Timeline, Stats, Diff, protocol views, copy formats,
// history search); each loads when first opened as a user opens it, and works.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { CHROME_DIST } from './chromium';
import { setUpExtensionBrowser } from './extension-browser';
import { connection, eventually, seed, session, textMessage } from './seed';

const world = setUpExtensionBrowser();
/** The built chunks' names start with these (dist/chrome/assets). */
const LAZY_MODULES = [
  'FramesView',
  'FrameCard',
  'DecodeBytesTool',
  'ExportDialog',
  'export-records',
  'ImportDialog',
  'SettingsForm',
  'ProtoFiles',
  'proto-schema',
  'ConnectDialog',
  'MessageDialog',
  'RulesDialog',
  'InterceptPane',
  'OriginalAndResult',
  'DecodedView',
  'TimelineView',
  'StatsView',
  'DiffView',
  'copy-formats',
  'SearchResults',
];

test('each module loaded on use is in a chunk of its own, not re-exported from code the first screen loads', () => {
  // A module also imported statically from the first screen's code is bundled there; its chunk is left as a
  // bare re-export, still parsed only on use, so the checks by script name below would not see it.
  const assets = join(CHROME_DIST, 'assets');
  const files = readdirSync(assets);
  for (const name of LAZY_MODULES) {
    const chunk = files.find((file) => file.startsWith(`${name}-`) && file.endsWith('.js'));
    expect(chunk, name).toBeDefined();
    // The build is not minified: each module's code starts with a comment naming its source file.
    expect(readFileSync(join(assets, chunk!), 'utf8'), name).toMatch(new RegExp(`^// src/\\S*/${name}\\.tsx?$`, 'm'));
  }
});

/** Opens the panel page recording every script it parses (extension files have no resource timing entries). */
async function openRecordingScripts(path: string): Promise<{ page: Page; loadedLazyModules: () => string[] }> {
  const page = await world.browser.context.newPage();
  const cdp = await world.browser.context.newCDPSession(page);
  const files: string[] = [];
  cdp.on('Debugger.scriptParsed', (event) => files.push(event.url.split('/').pop() ?? ''));
  await cdp.send('Debugger.enable');
  await page.goto(`chrome-extension://${world.browser.extensionId}/${path}`);
  return { page, loadedLazyModules: () => LAZY_MODULES.filter((name) => files.some((file) => file.startsWith(`${name}-`))) };
}

/** Checks that each step loads exactly its modules, on top of those loaded before. */
function expectLoads(loadedLazyModules: () => string[]) {
  const expected = new Set<string>();
  return (modules: string[]) => {
    for (const module of modules) expected.add(module);
    expect(new Set(loadedLazyModules())).toEqual(expected);
  };
}

/** The live panel of a tab with a plain socket (a sent message, a received one, one a breakpoint edited) and a Socket.IO one. */
async function openSeededPanel(tabId: number) {
  const opened = await openRecordingScripts(`src/panel/index.html?tabId=${tabId}`);
  const { page } = opened;
  const original = { kind: 'text', source: 'string', size: 9, data: '{"qty":1}', truncated: false } as const;
  await seed(page, {
    sessions: [session(`lazy-${tabId}`, tabId)],
    connections: [
      connection(`lazy-${tabId}-c`, `lazy-${tabId}`, tabId, { url: 'wss://lazy.example.test/' }),
      connection(`lazy-${tabId}-io`, `lazy-${tabId}`, tabId, { url: 'ws://127.0.0.1:9/socket.io/?EIO=4&transport=websocket' }),
    ],
    messages: [
      textMessage(`lazy-${tabId}`, `lazy-${tabId}-c`, 1, 'Hello', { direction: 'send' }),
      textMessage(`lazy-${tabId}`, `lazy-${tabId}-c`, 2, 'Hello again'),
      textMessage(`lazy-${tabId}`, `lazy-${tabId}-c`, 3, '{"qty":2}', { mark: { steps: [{ action: 'edited', by: 'Breakpoint' }], original } }),
      textMessage(`lazy-${tabId}`, `lazy-${tabId}-io`, 1, '42["tick",{"seq":1}]'),
    ],
  });
  const rows = page.locator('.message-rows [role=row]');
  await eventually(() => rows.count()).toBe(4);
  return { ...opened, row: (text: string) => rows.filter({ hasText: text }).first(), loads: expectLoads(opened.loadedLazyModules) };
}

test('the first screen loads no Frames or dialog code; the Frames tab and each dialog load their own when first opened', async () => {
  const { page, row, loads } = await openSeededPanel(9101);
  loads([]);

  await row('Hello').click();
  await page.getByRole('tab', { name: 'Frames' }).click();
  await eventually(() => page.getByTestId('frame-card').count()).toBe(1);
  loads(['FramesView', 'FrameCard']);

  const opens: [string, string, string[]][] = [
    ['Decode bytes', 'Decode bytes', ['DecodeBytesTool']],
    ['Settings', 'Settings', ['SettingsForm', 'ProtoFiles']],
    ['⇩ Export HAR', 'Export HAR', ['ExportDialog']],
    ['⇪ Import HAR', 'Import HAR', ['ImportDialog']],
    ['⊕ New connection', 'New connection from the page', ['ConnectDialog']],
    ['✎ Edit and send', 'Edit and send', ['MessageDialog']],
    ['Rules', 'Rules', ['RulesDialog']],
  ];
  for (const [button, dialogName, modules] of opens) {
    await page.getByRole('button', { name: button, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: dialogName });
    // Each dialog's own controls, which only its loaded module renders.
    await eventually(() => dialog.locator('input, textarea, select').count()).toBeGreaterThan(0);
    await eventually(() => dialog.textContent()).not.toContain('Loading…');
    loads(modules);
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await eventually(() => dialog.count()).toBe(0);
  }

  // A .proto file added in Settings loads protobufjs ('protobuf', the decoder, comes with the protocol decoders after the first rows).
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const proto = 'syntax = "proto3";\nmessage Tick { int32 seq = 1; }\n';
  await settings.locator('input[type=file]').setInputFiles([{ name: 'lazy.proto', mimeType: 'text/plain', buffer: Buffer.from(proto) }]);
  await eventually(() => settings.locator('.proto-ok').textContent()).toBe('1 message types.');
  loads(['proto-schema']);
  await settings.getByRole('button', { name: 'Remove lazy.proto' }).click();
  await eventually(() => settings.locator('.proto-ok').count()).toBe(0);
});

test('the first screen loads no view code; detail views, Timeline, Stats, the row menu, Diff and Intercept load their own when first opened', async () => {
  const { page, row, loads } = await openSeededPanel(9103);
  loads([]);

  // The message's detail: the original beside the result (Payload tab), a protocol's own view (Decoded tab).
  await row('{"qty":2}').click();
  await page.getByRole('tab', { name: 'Payload' }).click();
  await eventually(() => page.getByLabel('Original payload').textContent()).toBe('{"qty":1}');
  loads(['OriginalAndResult']);
  await eventually(() => page.locator('.connection-item .connection-decoder').allTextContents()).toContain('Socket.IO');
  await row('42["tick"').click();
  await page.getByRole('tab', { name: 'Decoded' }).click();
  await eventually(() => page.locator('.decoded-view .decoded-type').first().textContent()).toBe('EVENT');
  loads(['DecodedView']);

  // Toolbar views.
  await page.getByRole('button', { name: 'Timeline', exact: true }).click();
  await eventually(() => page.getByRole('region', { name: 'Timeline' }).locator('.timeline-chart').count()).toBe(1);
  loads(['TimelineView']);
  await page.getByRole('button', { name: 'Stats', exact: true }).click();
  await eventually(() => page.getByRole('region', { name: 'Statistics' }).locator('.stats-body').count()).toBe(1);
  loads(['StatsView']);

  // A row's menu (right-click: the copy formats grey what does not apply), and comparing two messages from it.
  await row('Hello again').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: /^Message / });
  await eventually(() => menu.getByRole('menuitem', { name: /Copy as JSON/ }).getAttribute('aria-disabled')).toBe('true');
  loads(['copy-formats']);
  await menu.getByRole('menuitem', { name: /Compare with/ }).click();
  await row('{"qty":2}').click();
  await eventually(() => page.locator('.diff-view').count()).toBe(1);
  loads(['DiffView']);

  await page.getByRole('button', { name: 'Intercept', exact: true }).click();
  await eventually(() => page.getByRole('region', { name: 'Intercept' }).getByLabel('Hold which direction').count()).toBe(1);
  loads(['InterceptPane']);
  await page.getByRole('button', { name: /^Intercepting/ }).click();
});

test('history: the first screen loads no search results code; a search loads it', async () => {
  const { page, loadedLazyModules } = await openRecordingScripts('src/panel/history.html');
  await seed(page, {
    sessions: [session('lazy-h', 9102, { title: 'Lazy history' })],
    connections: [connection('lazy-h-c', 'lazy-h', 9102, { url: 'wss://lazy.example.test/' })],
    messages: [textMessage('lazy-h', 'lazy-h-c', 1, '{"order":"ORD-4242"}')],
  });
  await eventually(() => page.locator('[data-session-id="lazy-h"]').count()).toBe(1);
  const loads = expectLoads(loadedLazyModules);
  loads([]);

  await page.getByLabel('Search all history').fill('ord-4242');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await eventually(() => page.locator('.search-hit').count(), 20_000).toBe(1);
  loads(['SearchResults']);
});
