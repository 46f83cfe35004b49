// ESLint: a modest rule set (ESLint and typescript-eslint recommended) plus the import rules that hold
// the data path's layers (docs/ARCHITECTURE.md, "Layers"). Formatting is Prettier's (`npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const POLYFILL = {
  name: 'webextension-polyfill',
  message: 'Only src/platform/ imports webextension-polyfill (src/platform/browser.ts); use src/platform instead.',
};

/**
 * Configs confining the files under `folder` to imports from inside it, from the `src/` folders named in
 * `allow` and (unless `packages` is false) from npm packages. Specifiers are matched as written, so one
 * config per depth below `folder` says how many `../` leave it.
 */
function layer(folder, { allow = [], packages = true, message, extra = [] }) {
  const allowed = allow.map((name) => `${name}(?:/|$)`).join('|');
  return [0, 1, 2, 3].map((depth) => {
    const up = `(?:\\.\\./){${depth + 1}}`;
    const patterns = [{ regex: allowed ? `^${up}(?!${allowed})` : `^${up}`, message }];
    if (!packages) patterns.push({ regex: '^(?!\\.)', message });
    return {
      files: [`${folder}/${'*/'.repeat(depth)}*.{ts,tsx}`],
      rules: { 'no-restricted-imports': ['error', { paths: [POLYFILL], patterns: [...patterns, ...extra] }] },
    };
  });
}

/** No extension API in code that runs in a page's MAIN world or must stay browser-free. */
const NO_EXTENSION_API = {
  'no-restricted-globals': [
    'error',
    { name: 'chrome', message: 'No extension API here: it belongs in src/platform/.' },
    { name: 'browser', message: 'No extension API here: it belongs in src/platform/.' },
  ],
  'no-restricted-properties': [
    'error',
    ...['globalThis', 'window', 'self'].flatMap((object) =>
      ['chrome', 'browser'].map((property) => ({ object, property, message: 'No extension API here: it belongs in src/platform/.' })),
    ),
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'artifacts/', 'test-results/', '.tmp/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },

  // Everywhere but src/platform/: no webextension-polyfill.
  { files: ['**/*.{ts,tsx,mts,js}'], rules: { 'no-restricted-imports': ['error', { paths: [POLYFILL] }] } },
  { files: ['src/platform/**'], rules: { 'no-restricted-imports': 'off' } },

  // Pure parsers: nothing outside their own folder, not even a package (the CLI and the panel both run them).
  ...layer('src/rfc6455', { packages: false, message: 'src/rfc6455/ imports nothing outside its folder.' }),
  ...layer('src/protocols', { packages: false, message: 'src/protocols/ imports nothing outside its folder.' }),
  // Contracts and records: the bottom layer, no browser API.
  ...layer('src/shared', { message: 'src/shared/ imports nothing from other src/ folders (no src/platform: no browser API).' }),
  // Shared by both worlds of a page: src/shared only.
  ...layer('src/worlds', { allow: ['shared'], message: 'src/worlds/ (both page worlds) imports only src/shared/.' }),
  // The MAIN-world hook: the page's realm, no extension API.
  ...layer('src/page', { allow: ['shared', 'worlds', 'rules'], message: 'src/page/ (MAIN world) imports only src/shared/, src/worlds/ and src/rules/.' }),
  // The rule engine: runs in the page's MAIN world (built-ins from src/worlds/pristine), the panel and the background.
  ...layer('src/rules', {
    allow: ['shared', 'worlds'],
    message: 'src/rules/ (the rule engine, also run in the page) imports only src/shared/ and src/worlds/.',
  }),
  // The isolated relay: not the hook's modules (what both use is in src/worlds/).
  ...layer('src/content', {
    allow: ['shared', 'worlds', 'platform', 'db/connection-ids'],
    message: 'src/content/ imports src/shared/, src/worlds/, src/platform/ and src/db/connection-ids only; what it shares with src/page/ goes in src/worlds/.',
  }),
  { files: ['src/rfc6455/**', 'src/protocols/**', 'src/shared/**', 'src/worlds/**', 'src/page/**', 'src/rules/**'], rules: NO_EXTENSION_API },
);
