// Workers the page hook could not capture (the page's security policy forbids its bootstrap, say): the
// hook started them exactly as the page asked, and the user is told which, where and why. A page can
// forge these events, so they are merged per frame and posted at most once a second, each worker once.
import type { UncapturedWorker } from '../shared/messages';
import { coalesce } from './coalesce';
import { postNotice } from './notices';

const NOTICE_INTERVAL_MS = 1000;
/** Workers told per frame per interval, at most; the rest are counted. */
const MAX_NAMED_PER_NOTICE = 5;

/** The notice's text for one frame's uncaptured workers. */
export function uncapturedWorkersNotice(frameUrl: string, workers: readonly UncapturedWorker[]): string {
  const named = workers.slice(0, MAX_NAMED_PER_NOTICE).map(({ worker, reason }) => {
    const kind = worker.kind === 'shared' ? 'Shared worker' : 'Worker';
    const name = worker.name ? ` "${worker.name}"` : '';
    return `${kind}${name} ${worker.scriptUrl} could not be captured: ${reason}`;
  });
  const more = workers.length - named.length;
  return `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''} (in ${frameUrl}; it runs as without the extension, its sockets unseen).`;
}

const keyOf = ({ worker, reason }: UncapturedWorker): string => `${worker.kind} ${worker.scriptUrl} ${worker.name} ${reason}`;

const pending = coalesce<string, UncapturedWorker[]>(
  NOTICE_INTERVAL_MS,
  (earlier, later) => [...earlier, ...later.filter((worker) => !earlier.some((seen) => keyOf(seen) === keyOf(worker)))],
  async (byFrame) => {
    for (const [frameUrl, workers] of byFrame) await postNotice('warning', uncapturedWorkersNotice(frameUrl, workers));
  },
);

export function noteUncapturedWorkers(frameUrl: string, workers: readonly UncapturedWorker[]): void {
  if (workers.length > 0) pending.note(frameUrl, [...workers]);
}
