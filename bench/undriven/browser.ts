// Chromium launched by hand, with nothing attached to the pages it measures: the browser endpoint opens
// tabs with Target.createTarget, which attaches no session. Only the "DevTools open" contender attaches
// one session to its page and switches the Network domain on, as Chrome DevTools' Network panel does.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CHROMIUM_PATH, QUIET_CHROMIUM_ARGS } from '../../test/e2e/chromium';
import { connectCdp, type Cdp } from './cdp';
import { cpuByProcess } from './cpu';

const START_TIMEOUT_MS = 30_000;

export interface UndrivenBrowser {
  userDataDir: string;
  /** Rejects when the browser exits on its own (crashed, or killed by someone else). */
  exited: Promise<never>;
  /** Set when an extension was loaded: the host of its service worker's URL. */
  extensionId?: string;
  /** Opens `url` in a new tab; with `devtools`, first attaches to it and enables Network. Resolves to its closer. */
  openPage(url: string, options?: { devtools?: boolean }): Promise<() => Promise<void>>;
  /** Opens an extension page, attached (it is not measured): evaluate an expression in it, close it. */
  openExtensionPage(path: string): Promise<{ evaluate<T>(expression: string): Promise<T>; close(): Promise<void> }>;
  cpu(): Map<string, number>;
  close(): Promise<void>;
}

/** Every browser still running: killed with its process group on any exit, failures included. */
const running = new Set<{ child: ChildProcess; userDataDir: string }>();
function killSync(entry: { child: ChildProcess; userDataDir: string }): void {
  running.delete(entry);
  try {
    process.kill(-entry.child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
  rmSync(entry.userDataDir, { recursive: true, force: true });
}
process.on('exit', () => [...running].forEach(killSync));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

export async function launchUndriven(extensionDir?: string): Promise<UndrivenBrowser> {
  if (extensionDir && !existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`No extension build at ${extensionDir}: run npm run build`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'wsi-undriven-'));
  const extension = extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [];
  const args = [
    '--headless=new',
    '--remote-debugging-port=0',
    `--user-data-dir=${userDataDir}`,
    '--disable-features=DisableLoadExtensionCommandLineSwitch',
    ...QUIET_CHROMIUM_ARGS,
    ...extension,
  ];
  // Its own process group, so that killing the group takes every child process with it.
  const child = spawn(CHROMIUM_PATH, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const entry = { child, userDataDir };
  running.add(entry);
  try {
    const endpoint = await new Promise<string>((found, failed) => {
      const timer = setTimeout(() => failed(new Error('Chromium printed no DevTools endpoint')), START_TIMEOUT_MS);
      // Read stderr to its end: a full pipe would stall the browser.
      createInterface({ input: child.stderr! }).on('line', (line) => {
        const url = /DevTools listening on (ws:\/\/\S+)/.exec(line)?.[1];
        if (!url) return;
        clearTimeout(timer);
        found(url);
      });
      child.once('exit', (code) => failed(new Error(`Chromium exited (${code}) before printing its DevTools endpoint`)));
    });
    const cdp = await connectCdp(endpoint);
    const extensionId = extensionDir ? await extensionWorkerHost(cdp) : undefined;
    return browserOn(cdp, entry, extensionId);
  } catch (error) {
    killSync(entry);
    throw error;
  }
}

/**
 * Waits for the extension's service worker: Chromium does not load pages with an extension holding
 * webRequest before it runs (FIELD-NOTES), and the id is the host of its URL.
 */
async function extensionWorkerHost(cdp: Cdp): Promise<string> {
  const found = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the extension's service worker never started")), START_TIMEOUT_MS);
    const off = cdp.on('Target.targetCreated', (params) => {
      const { type, url } = params.targetInfo as { type: string; url: string };
      if (type !== 'service_worker' || !url.startsWith('chrome-extension://')) return;
      clearTimeout(timer);
      off();
      resolve(new URL(url).host);
    });
  });
  // Discovery reports the targets that already exist too, so a worker started before this is seen.
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  const host = await found;
  await cdp.send('Target.setDiscoverTargets', { discover: false });
  return host;
}

function browserOn(cdp: Cdp, entry: { child: ChildProcess; userDataDir: string }, extensionId: string | undefined): UndrivenBrowser {
  let closing = false;
  const exited = new Promise<never>((_, reject) =>
    entry.child.once('exit', (code, signal) => closing || reject(new Error(`Chromium (${entry.userDataDir}) exited: ${signal ?? code}`))),
  );
  exited.catch(() => undefined); // Only a waiting job needs to hear of it.
  const closeTarget = async (targetId: string): Promise<void> => void (await cdp.send('Target.closeTarget', { targetId }));
  return {
    userDataDir: entry.userDataDir,
    exited,
    ...(extensionId ? { extensionId } : {}),
    async openPage(url, { devtools = false } = {}) {
      if (!devtools) {
        const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url });
        // The point of this harness: nothing may be attached to a measured page.
        const { targetInfo } = await cdp.send<{ targetInfo: { attached: boolean } }>('Target.getTargetInfo', { targetId });
        if (targetInfo.attached) throw new Error(`something is attached to the measured page ${url}`);
        return () => closeTarget(targetId);
      }
      const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      await cdp.send('Network.enable', {}, sessionId);
      await cdp.send('Page.navigate', { url }, sessionId);
      return () => closeTarget(targetId);
    },
    async openExtensionPage(path) {
      if (!extensionId) throw new Error('no extension loaded');
      const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: `chrome-extension://${extensionId}/${path}` });
      const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      return {
        async evaluate<T>(expression: string): Promise<T> {
          const { result, exceptionDetails } = await cdp.send<{
            result: { value: T };
            exceptionDetails?: { exception?: { description?: string }; text: string };
          }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
          if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
          return result.value;
        },
        close: () => closeTarget(targetId),
      };
    },
    cpu: () => cpuByProcess(entry.userDataDir),
    async close() {
      closing = true;
      const gone = entry.child.exitCode === null ? new Promise((done) => entry.child.once('exit', done)) : Promise.resolve();
      await Promise.race([cdp.send('Browser.close').catch(() => undefined), new Promise((done) => setTimeout(done, 5000))]);
      await Promise.race([gone, new Promise((done) => setTimeout(done, 5000))]);
      cdp.close();
      killSync(entry);
    },
  };
}
