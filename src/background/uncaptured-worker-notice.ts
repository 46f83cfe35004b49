// The text of the notice naming a frame's workers that could not be captured (no extension API: unit-tested).
import type { UncapturedWorker } from '../shared/messages';

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
