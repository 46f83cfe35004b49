// The text that starts the worker hook (src/page/workers/worker-hook.ts) in a worker: the built hook
// wrapped in a function called with the worker's parameters. Dedicated workers get it in a blob
// bootstrap made by the page hook (src/page/workers/bootstrap.ts); Firefox Shared Workers get it
// put in front of their own script by the background (src/background/shared-worker-scripts.ts).
// Plain strings only: the page hook and the background both build from here.

/** The global name the built worker hook assigns (scripts/worker-hook-build.ts), local to the boot function. */
export const WORKER_HOOK_GLOBAL = 'wsiWorkerHook';

/** The text of the function every bootstrap calls: `hookSource` (the built worker hook) and the call to it. */
export function bootFunctionSource(hookSource: string): string {
  return `function wsiBoot(params) {\n${hookSource}\n;${WORKER_HOOK_GLOBAL}.install(params, wsiBoot);\n}`;
}

/**
 * The BroadcastChannel a Firefox Shared Worker's hook and the page hooks of its origin talk on. Made
 * from the extension's own base URL (moz-extension://<random per-install UUID>/), which the relay and
 * the background read synchronously, so the page hook has it before the page's first script; a
 * page's own channel of that name is not guessable, and the UUID itself is not in the name.
 */
export function sharedWorkerChannelName(extensionBaseUrl: string): string {
  // Two 32-bit FNV-1a hashes with different seeds: not a secret's protection, only an unguessable, stable name.
  let first = 0x811c9dc5;
  let second = 0x01000193 ^ 0x5bd1e995;
  for (let index = 0; index < extensionBaseUrl.length; index++) {
    const code = extensionBaseUrl.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x01000193) ^ (second >>> 13);
  }
  return `wsi-shared-${(first >>> 0).toString(16).padStart(8, '0')}${(second >>> 0).toString(16).padStart(8, '0')}`;
}

/** What the background writes into a Shared Worker's prefix for its hook. */
export interface SharedWorkerHookParams {
  /** The BroadcastChannel to the page hooks (sharedWorkerChannelName). */
  sharedChannel: string;
  binaryAsBytes: boolean;
}

/**
 * What goes in front of a Shared Worker's script, and of each module it imports: one line, no line
 * break, so the scripts' own line numbers stay (their first line's columns shift). A statement, valid
 * in a classic script and before a module's import declarations. In a module worker each module's
 * imports are evaluated before its body, so the hook runs from the first module evaluated (a leaf);
 * in every other it finds itself installed and does nothing.
 */
export function sharedWorkerPrefix(hookSource: string, params: SharedWorkerHookParams): string {
  // The built hook is minified to one line but for line breaks inside template literals, where `\n` means the same.
  const oneLine = hookSource
    .replace(/\r?\n/g, '\\n')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `(function wsiBoot(params) {${oneLine};${WORKER_HOOK_GLOBAL}.install(params, wsiBoot);})(${JSON.stringify(params)});`;
}

/**
 * Where the prefix goes: after a UTF-8 BOM, and after a leading "use strict"; directive (past
 * whitespace and comments), which in a classic script would otherwise stop being one.
 */
export function prefixOffset(bytes: Uint8Array): number {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = new TextDecoder('latin1').decode(bytes.subarray(start));
  const directive = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use strict\1[ \t]*;/.exec(text);
  return directive ? start + directive[0].length : start;
}
