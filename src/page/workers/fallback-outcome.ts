// What became of a worker started as the page asked after its bootstrap failed (worker-capture.ts): a
// bootstrap fails the same way when the page's own script cannot be loaded (a 404, a network error, a
// module that does not parse or whose import fails), and then the page's worker fails too, with the
// `error` Event (not an ErrorEvent) the page gets without the extension. Only then is the worker known
// not to have started; a message or an error its script threw shows it runs.
import { addEventListener, uncurryGetter } from '../../worlds/pristine';
import { afterDelay } from '../../worlds/page-proof-timer';

const errorEventMessage = typeof ErrorEvent === 'function' ? uncurryGetter<string>(ErrorEvent.prototype, 'message') : null;

/** How long a started worker may stay silent before it is taken as running. */
const SILENT_WORKER_MS = 10_000;

/** Whether `event` is an ErrorEvent (an error a script threw), told by its internal slot. */
export function isErrorEvent(event: Event): boolean {
  if (!errorEventMessage) return false;
  try {
    errorEventMessage(event);
    return true;
  } catch {
    return false;
  }
}

/**
 * Calls `notStarted` if `worker` fails to load its script, else `running` once it posts a message,
 * reports an error its script threw, or has done neither for a while; each at most once, and
 * `notStarted` never once the worker showed it runs. A worker whose load fails after that silence gets both.
 */
export function watchFallback(worker: Worker, { notStarted, running }: { notStarted(): void; running(): void }): void {
  let told: 'nothing' | 'silent' | 'runs' | 'failed' = 'nothing';
  const tell = (seen: 'silent' | 'runs'): void => {
    if (told === 'nothing') running();
    if (told === 'nothing' || told === 'silent') told = seen;
  };
  addEventListener(worker, 'error', (event) => {
    if (isErrorEvent(event)) return tell('runs');
    if (told === 'runs' || told === 'failed') return;
    told = 'failed';
    notStarted();
  });
  addEventListener(worker, 'message', () => tell('runs'));
  afterDelay(SILENT_WORKER_MS, () => tell('silent'));
}
