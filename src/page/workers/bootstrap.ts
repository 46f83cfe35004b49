// The script a hooked worker starts from: the worker hook, called with this worker's parameters, then
// the page's own script. The hook's text is large, and making a Blob of it cost the page's thread more
// than starting the worker itself, so each context makes it once (one classic and one module variant)
// and every worker names its parameters in the URL's fragment, which the hook reads before anything else
// runs. Classic: the worker starts from the shared hook blob, whose hook loads the page's script with
// importScripts (worker-hook.ts), so the script keeps its URL for errors, stacks and its own relative
// imports. Module: a small blob of the worker's own statically imports the hook (with its parameters)
// and then the page's module, so the hook runs first and the page's module keeps its URL
// (import.meta.url, its relative imports), and its evaluation starts before the worker takes messages.
import { NativeBlob, apply, jsonStringify, newList, type List } from '../../worlds/pristine';
import type { WorkerHookParams } from './port-protocol';

const createObjectURL = URL.createObjectURL;
const revokeObjectURL = URL.revokeObjectURL;
const NativeURLClass = URL;
const nativeEncodeURIComponent = encodeURIComponent;

/** How the hook blob reads its parameters: from its own URL's fragment (the worker's location, or the module's). */
const PARAMS_FROM_LOCATION = 'JSON.parse(decodeURIComponent(self.location.hash.slice(1)))';
const PARAMS_FROM_MODULE_URL = 'JSON.parse(decodeURIComponent(new URL(import.meta.url).hash.slice(1)))';

/**
 * The name the hook's frames show in stack traces (a trap's frame under an error the page's importScripts
 * threw, say), instead of the blob: URL with this worker's parameters (its nonce among them).
 */
const HOOK_SOURCE_NAME = 'websocket-inspector-worker-hook.js';

export interface Bootstrap {
  /** The URL the worker is constructed with. */
  url: string;
  /** Frees the worker's own blob URL, once the worker has loaded it (or will not); the shared hook blob stays. */
  revoke(): void;
}

function blobUrl(text: string): string {
  return apply(createObjectURL, NativeURLClass, [new NativeBlob([text], { type: 'text/javascript' })]) as string;
}

/** This context's hook blobs, made on first use; never revoked, as any later worker may start from them. */
const sharedHookUrls: { source: string; classic: string; module: string } = { source: '', classic: '', module: '' };

function hookUrl(bootSource: string, type: 'classic' | 'module'): string {
  if (sharedHookUrls.source !== bootSource) {
    sharedHookUrls.source = bootSource;
    sharedHookUrls.classic = '';
    sharedHookUrls.module = '';
  }
  if (sharedHookUrls[type] === '')
    sharedHookUrls[type] = blobUrl(
      `(${bootSource})(${type === 'module' ? PARAMS_FROM_MODULE_URL : PARAMS_FROM_LOCATION});\n//# sourceURL=${HOOK_SOURCE_NAME}\n`,
    );
  return sharedHookUrls[type];
}

export function makeBootstrap(bootSource: string, params: WorkerHookParams): Bootstrap {
  const own: List<string> = newList<string>();
  const hookWithParams = `${hookUrl(bootSource, params.type)}#${nativeEncodeURIComponent(jsonStringify(params))}`;
  let url = hookWithParams;
  if (params.type === 'module') {
    url = blobUrl(`import ${jsonStringify(hookWithParams)};\nimport ${jsonStringify(params.scriptUrl)};\n`);
    own[own.length] = url;
  }
  return {
    url,
    revoke() {
      for (let index = 0; index < own.length; index++) apply(revokeObjectURL, NativeURLClass, [own[index]!]);
      own.length = 0;
    },
  };
}
