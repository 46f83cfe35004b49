// The ordered rule list in storage.local: written by the background (from the panel), read by every
// content relay (which passes its document's rules to the page hook) and by the panel's editor.
import { RULES_KEY, type Rule } from '../shared/intercept';
import { nativeApi as browser } from './native-api';

/** What is stored, unchecked: readers check it with src/rules/parse.ts. */
export async function readStoredRules(): Promise<unknown> {
  const stored = await browser.storage.local.get(RULES_KEY);
  return stored[RULES_KEY] ?? [];
}

export async function writeStoredRules(rules: readonly Rule[]): Promise<void> {
  await browser.storage.local.set({ [RULES_KEY]: rules });
}

/** Calls `listener` with the new (unchecked) list whenever it changes. Returns an unsubscribe function. */
export function onStoredRulesChanged(listener: (raw: unknown) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area === 'local' && RULES_KEY in changes) listener(changes[RULES_KEY]?.newValue ?? []);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
