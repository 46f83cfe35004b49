// The panel page's classic script (scripts/first-rows-script.ts puts it at the end of the body): starts
// the first rows while the page is parsed, leaves them for the module entry (main.tsx), and loads that
// entry (its address in `data-entry`, the modules it imports in `data-preload`) once the drawing has
// painted, or at once when there is none.
import { setEarlyStart } from './early-start';
import { startFirstRows } from './first-rows-start';
import { afterNextPaint } from './next-paint';

const script = document.currentScript as HTMLScriptElement | null;
const entry = script?.dataset.entry;
const preloads = script?.dataset.preload?.split(' ').filter(Boolean) ?? [];
const firstRows = startFirstRows();
setEarlyStart({ firstRows });
void (async () => {
  if (await firstRows?.shown) await afterNextPaint();
  if (!entry) return;
  for (const href of preloads) document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href }));
  await import(/* @vite-ignore */ entry);
})();
