// The panel page as built: Vite's module tags give way to the first rows' classic script, which is told
// the entry and the modules to preload (scripts/first-rows-script.ts). A page Vite writes otherwise must
// fail the build, not load the entry beside the drawing again unnoticed.
import { describe, expect, test } from 'vitest';
import { withFirstRowsScript } from '../../scripts/first-rows-script';

// The page as Vite 8 writes it (dist/chrome/src/panel/index.html before the change).
const BUILT_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>WebSockets</title>
    <script type="module" crossorigin src="/assets/panel-R9MHfkqE.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/modulepreload-polyfill-DIeKMq_K.js">
    <link rel="modulepreload" crossorigin href="/assets/preload-helper-CzMYnjPI.js">
    <link rel="stylesheet" crossorigin href="/assets/preload-helper-BNLn-JdD.css">
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>`;

describe('the panel page with the first rows script', () => {
  test('keeps the stylesheet, drops the module tags and hands the entry and its preloads to the script', () => {
    const { html, scriptAttributes } = withFirstRowsScript(BUILT_PAGE, 'assets/panel-R9MHfkqE.js');
    expect(html).not.toMatch(/<script|modulepreload/);
    expect(html).toContain('<link rel="stylesheet" crossorigin href="/assets/preload-helper-BNLn-JdD.css">');
    expect(html).toContain('<div id="app"></div>');
    expect(scriptAttributes).toEqual({
      src: '/assets/first-rows-early.js',
      'data-entry': '/assets/panel-R9MHfkqE.js',
      'data-preload': '/assets/modulepreload-polyfill-DIeKMq_K.js /assets/preload-helper-CzMYnjPI.js',
    });
  });

  test('fails when the page has no tag for the entry', () => {
    expect(() => withFirstRowsScript(BUILT_PAGE, 'assets/panel-other.js')).toThrow(/no module entry tag for assets\/panel-other.js/);
  });

  test('fails when a module tag is written in a form it does not take out', () => {
    const reordered = BUILT_PAGE.replace('<script type="module" crossorigin', '<script crossorigin type="module"');
    expect(() => withFirstRowsScript(reordered, 'assets/panel-R9MHfkqE.js')).toThrow(/module tag was left/);
  });
});
