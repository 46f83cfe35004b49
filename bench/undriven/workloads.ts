// What the capture benches make a page do. Each workload's time is measured inside the page.
import type { Job } from './jobs';

export interface Workload {
  name: string;
  job: Job;
  /** Run once per contender before the rounds, not counted. */
  warmUp: Job;
  /** The time ratio to "no capture" the extension must stay within, if any (never above "DevTools open" holds for all). */
  target?: number;
  /** Received messages the extension must have stored whole, every round (checked in its database). */
  storedWhole?: number;
}

const receive = (messages: number, inWorker = false): Job => ({
  kind: 'receive',
  url: `/burst?n=${messages}&size=100`,
  count: messages,
  ...(inWorker && { inWorker }),
});
const echo = (bytes: number, text: boolean, count: number): Job => ({ kind: 'echo', bytes, text, count });

/** The server sends 100-byte messages as fast as it can; the page times until it has them all. */
export const FLOOD: Workload = { name: 'flood: 20,000 × 100 B received', job: receive(20_000), warmUp: receive(5_000), target: 1.25 };
export const TEXT_ECHO: Workload = { name: '100-byte text echo × 4,000', job: echo(100, true, 4000), warmUp: echo(100, true, 1000), target: 1.25 };
export const BINARY_ECHO: Workload = { name: '1 MB binary echo × 30', job: echo(1024 * 1024, false, 30), warmUp: echo(1024 * 1024, false, 8), target: 1.5 };

/**
 * The flood in a dedicated worker the page starts (issue 17: a worker's socket costs what a page's does).
 * "DevTools open" attaches to the page only, so its Network domain does not see this socket.
 */
export const WORKER_FLOOD: Workload = {
  name: 'flood in a dedicated worker: 20,000 × 100 B received',
  job: receive(20_000, true),
  warmUp: receive(5_000, true),
  target: 1.25,
};

const BURST_MESSAGES = Number(process.env.BURST_MESSAGES ?? 100_000);
/** A burst the extension must store whole: the page's time, then the database is checked. */
export const BURST: Workload = {
  name: `burst: ${BURST_MESSAGES.toLocaleString('en')} × 100 B received, stored whole`,
  job: receive(BURST_MESSAGES),
  warmUp: receive(Math.ceil(BURST_MESSAGES / 10)),
  storedWhole: BURST_MESSAGES,
};

/** Frames added at once: the hook and the relay start in each. No target of its own (never above DevTools open). */
export const FRAMES: Workload = {
  name: '200 iframes added at once, until all loaded',
  job: { kind: 'frames', count: 200 },
  warmUp: { kind: 'frames', count: 20 },
};

const workers = (count: number, type: 'classic' | 'module'): Job => ({ kind: 'workers', count, type });
/** Workers that open no socket, started and answering one message, one after another (issue 17: at most a few ms more each). */
export const CLASSIC_WORKERS: Workload = { name: '50 classic workers started in turn', job: workers(50, 'classic'), warmUp: workers(5, 'classic') };
export const MODULE_WORKERS: Workload = { name: '50 module workers started in turn', job: workers(50, 'module'), warmUp: workers(5, 'module') };
