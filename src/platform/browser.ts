// The only import of webextension-polyfill (archived upstream): swap this module to drop it.
import browser from 'webextension-polyfill';

export type { Runtime, Tabs, WebRequest } from 'webextension-polyfill';
export { browser };
