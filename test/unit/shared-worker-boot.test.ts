// The prefix the background puts in front of a Firefox Shared Worker's script (src/shared/worker-boot.ts):
// one line whatever the hook's text holds, calling the hook with its parameters before the script, and
// placed where the script keeps its BOM and its "use strict" directive.
import { describe, expect, test } from 'vitest';
import vm from 'node:vm';
import { prefixOffset, sharedWorkerChannelName, sharedWorkerPrefix } from '../../src/shared/worker-boot';

/** A stand-in for the built hook: minified code with a line break inside a template literal, as the real one has. */
const HOOK =
  'var wsiWorkerHook=(function(){const lines=`first\nsecond\u2028`;return{install(params,boot){globalThis.seen={params,lines,boot:typeof boot}}}})();';
const PARAMS = { sharedChannel: 'wsi-shared-0123456789abcdef', binaryAsBytes: false };

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('the Shared Worker prefix', () => {
  test('is one line, runs the hook with its parameters, and keeps what the hook’s text means', () => {
    const prefix = sharedWorkerPrefix(HOOK, PARAMS);
    expect(prefix).not.toMatch(/[\r\n\u2028\u2029]/);
    const context: { seen?: unknown } = {};
    vm.runInNewContext(`${prefix}\nglobalThis.after = typeof wsiBoot;`, context);
    expect(context.seen).toEqual({ params: PARAMS, lines: 'first\nsecond\u2028', boot: 'function' });
    // Nothing global but what the hook itself does: the boot function is a named expression.
    expect((context as { after?: string }).after).toBe('undefined');
  });

  test('leaves the script’s line numbers alone: an error on its line 3 is still on line 3', () => {
    const script = new vm.Script(`${sharedWorkerPrefix(HOOK, PARAMS)}const a = 1;\nconst b = 2;\nthrow new Error('here');`, { filename: 'worker.js' });
    expect(() => script.runInNewContext({})).toThrow(expect.objectContaining({ stack: expect.stringContaining('worker.js:3') }));
  });

  test('goes after a UTF-8 BOM and after a leading "use strict" directive, past comments', () => {
    expect(prefixOffset(encode('const x = 1;'))).toBe(0);
    expect(prefixOffset(new Uint8Array([0xef, 0xbb, 0xbf, ...encode('x()')]))).toBe(3);
    const strict = `// worker\n/* v2 */ 'use strict';`;
    expect(prefixOffset(encode(`${strict}\nlet y;`))).toBe(strict.length);
    expect(prefixOffset(new Uint8Array([0xef, 0xbb, 0xbf, ...encode('"use strict";x()')]))).toBe(3 + '"use strict";'.length);
    // Not a directive: an expression that starts with the string, or one further down.
    expect(prefixOffset(encode(`'use strict' + x;`))).toBe(0);
    expect(prefixOffset(encode(`x();\n'use strict';`))).toBe(0);
  });

  test('a strict classic script stays strict with the prefix placed after its directive', () => {
    const source = `'use strict';\nglobalThis.strict = (function () { return this === undefined; })();`;
    const at = prefixOffset(encode(source));
    const context: { strict?: boolean } = {};
    vm.runInNewContext(source.slice(0, at) + sharedWorkerPrefix(HOOK, PARAMS) + source.slice(at), context);
    expect(context.strict).toBe(true);
  });

  test('the channel name is stable per extension URL, differs between installs and does not show the URL', () => {
    const name = sharedWorkerChannelName('moz-extension://3f1c2b9e-0d4a-4c1e-9a57-1b2c3d4e5f60/');
    expect(name).toBe(sharedWorkerChannelName('moz-extension://3f1c2b9e-0d4a-4c1e-9a57-1b2c3d4e5f60/'));
    expect(name).not.toBe(sharedWorkerChannelName('moz-extension://3f1c2b9e-0d4a-4c1e-9a57-1b2c3d4e5f61/'));
    expect(name).toMatch(/^wsi-shared-[0-9a-f]{16}$/);
  });
});
