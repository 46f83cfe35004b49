// The text of the notice naming a frame's workers that could not be captured (no extension API: unit-tested).
import type { UncapturedWorker } from '../shared/messages';

/** Workers told per frame per interval, at most; the rest are counted. */
const MAX_NAMED_PER_NOTICE = 5;

/**
 * The notice's text for one frame's uncaptured workers. `deepCapture`: this browser can capture Shared
 * Workers' sockets through the panel's Deep capture switch (Chromium), so the notice says so when one is named.
 */
export function uncapturedWorkersNotice(frameUrl: string, workers: readonly UncapturedWorker[], { deepCapture = false } = {}): string {
  const named = workers.slice(0, MAX_NAMED_PER_NOTICE).map(({ worker, reason, notStarted }) => {
    const kind = worker.kind === 'shared' ? 'Shared worker' : 'Worker';
    const name = worker.name ? ` "${worker.name}"` : '';
    return `${kind}${name} ${worker.scriptUrl} ${notStarted ? 'did not start' : 'could not be captured'}: ${reason}`;
  });
  const more = workers.length - named.length;
  // A worker that did not start has nothing to capture: "runs as without the extension" is said of the others.
  const runs = workers.some((worker) => !worker.notStarted) ? '; it runs as without the extension, its sockets unseen' : '';
  const hint =
    deepCapture && workers.some(({ worker }) => worker.kind === 'shared')
      ? ' Turn on Deep capture (workers) in the panel to capture Shared Workers’ sockets.'
      : '';
  return `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''} (in ${frameUrl}${runs}).${hint}`;
}
