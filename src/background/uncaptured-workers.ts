// Workers the page hook could not capture (the page's security policy forbids its bootstrap, say): the
// hook started them exactly as the page asked, and the user is told which, where and why. A page can
// forge these events, so they are merged per frame and posted at most once a second, each worker once.
import type { UncapturedWorker } from '../shared/messages';
import { coalesce } from './coalesce';
import { postNotice } from './notices';
import { uncapturedWorkersNotice } from './uncaptured-worker-notice';
import { debuggerApi } from '../platform/debugger';

const NOTICE_INTERVAL_MS = 1000;
const keyOf = ({ worker, reason }: UncapturedWorker): string => `${worker.kind} ${worker.scriptUrl} ${worker.name} ${reason}`;

const pending = coalesce<string, UncapturedWorker[]>(
  NOTICE_INTERVAL_MS,
  (earlier, later) => [...earlier, ...later.filter((worker) => !earlier.some((seen) => keyOf(seen) === keyOf(worker)))],
  async (byFrame) => {
    const deepCapture = debuggerApi() !== null;
    for (const [frameUrl, workers] of byFrame) await postNotice('warning', uncapturedWorkersNotice(frameUrl, workers, { deepCapture }));
  },
);

export function noteUncapturedWorkers(frameUrl: string, workers: readonly UncapturedWorker[]): void {
  if (workers.length > 0) pending.note(frameUrl, [...workers]);
}
