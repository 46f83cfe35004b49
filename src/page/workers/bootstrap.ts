// The script a hooked worker starts from: the worker hook, called with this worker's parameters, then
// the page's own script. Classic: one blob whose hook loads the page's script with importScripts
// (worker-hook.ts), so the script keeps its URL for errors, stacks and its own relative imports.
// Module: the hook in one blob module and a second one that statically imports the hook and then the
// page's module, so the hook runs first and the page's module keeps its URL (import.meta.url, its
// relative imports), and its evaluation starts before the worker takes messages, as without us.
import { NativeBlob, apply, jsonStringify, newList, type List } from '../../worlds/pristine';
import type { WorkerHookParams } from './port-protocol';

const createObjectURL = URL.createObjectURL;
const revokeObjectURL = URL.revokeObjectURL;
const NativeURLClass = URL;

export { bootFunctionSource } from '../../shared/worker-boot';

export interface Bootstrap {
  /** The URL the worker is constructed with. */
  url: string;
  /** Frees the blob URLs, once the worker has loaded them (or will not). */
  revoke(): void;
}

function blobUrl(text: string, urls: List<string>): string {
  const url = apply(createObjectURL, NativeURLClass, [new NativeBlob([text], { type: 'text/javascript' })]) as string;
  urls[urls.length] = url;
  return url;
}

export function makeBootstrap(bootSource: string, params: WorkerHookParams): Bootstrap {
  const urls = newList<string>();
  const hook = `(${bootSource})(${jsonStringify(params)});\n`;
  let url = blobUrl(hook, urls);
  if (params.type === 'module') url = blobUrl(`import ${jsonStringify(url)};\nimport ${jsonStringify(params.scriptUrl)};\n`, urls);
  return {
    url,
    revoke() {
      for (let index = 0; index < urls.length; index++) apply(revokeObjectURL, NativeURLClass, [urls[index]!]);
      urls.length = 0;
    },
  };
}
