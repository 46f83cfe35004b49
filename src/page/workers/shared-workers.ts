// Shared Workers are started exactly as the page asks, and listed as not captured. A Shared Worker is
// found by its script URL and name: started from a bootstrap (a blob: URL of its own in every document)
// each tab would get a worker of its own, which would no longer be shared. Each one is reported once
// per document.
import type { HookEvent } from '../../shared/messages';
import { disguisedProxy, replaceValue } from '../native-disguise';
import { NativeMap, construct, getOwnPropertyDescriptor, mapGet, mapSet, now, uncurryGetter } from '../../worlds/pristine';

const REASON = 'a Shared Worker is shared by its script URL, which capture would have to change; it runs as without the extension';
const NativeURL = URL;
const urlHref = uncurryGetter<string>(URL.prototype, 'href');

export function reportSharedWorkers(emit: (event: HookEvent) => void, baseUrl: () => string): void {
  const NativeSharedWorker = (globalThis as { SharedWorker?: new (url: unknown, options?: unknown) => object }).SharedWorker;
  if (typeof NativeSharedWorker !== 'function') return;
  const reported = new NativeMap<string, true>();
  const proxy = disguisedProxy(NativeSharedWorker, {
    construct(target, args: unknown[], newTarget) {
      const worker = construct(target, args, newTarget === proxy ? target : newTarget) as object;
      try {
        // Read without running page code again: a string URL (or a URL object), a string name or an own `name`.
        const given = args[0];
        const text = typeof given === 'string' ? given : typeof given === 'object' && given !== null ? safeHref(given) : null;
        const options = args[1];
        const rawName =
          typeof options === 'string' ? options : typeof options === 'object' && options !== null ? getOwnPropertyDescriptor(options, 'name')?.value : '';
        const name = typeof rawName === 'string' ? rawName : '';
        const scriptUrl = text === null ? '(a script URL given as an object)' : urlHref(new NativeURL(text, baseUrl()));
        const key = `${scriptUrl} ${name}`;
        if (!mapGet(reported, key)) {
          mapSet(reported, key, true);
          emit({ t: 'worker-uncaptured', time: now(), worker: { kind: 'shared', scriptUrl, name }, reason: REASON });
        }
      } catch {
        // Only the listing is lost.
      }
      return worker;
    },
  });
  replaceValue(NativeSharedWorker.prototype as object, 'constructor', proxy);
  replaceValue(globalThis, 'SharedWorker', proxy);
}

function safeHref(value: object): string | null {
  try {
    return urlHref(value);
  } catch {
    return null;
  }
}
