// The browser's own extension API, without webextension-polyfill: Firefox's `browser`, else Chrome's
// `chrome`, whose MV3 methods return promises for everything used through this module. For the
// content relay, which runs at document_start in every frame of every page: without the polyfill it is
// half the script to parse and run there (docs/PERFORMANCE.md, "Relay start-up"). The polyfill stays
// behind browser.ts for the rest.
import type { Browser } from 'webextension-polyfill';

const scope = globalThis as unknown as { browser?: Browser; chrome?: Browser };

export const nativeApi: Browser = (scope.browser ?? scope.chrome)!;
