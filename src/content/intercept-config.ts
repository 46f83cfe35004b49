// The relay's part of intercept: at pairing it tells the hook to hold traffic until this document's
// rules arrive (a page loaded with rules on must not let its first messages slip past them; the
// hook gives up waiting after a while), then sends the enabled rules for this document's site from
// storage, and again whenever they change. Rules never come from the page or the background's
// command path: only from extension storage, which pages cannot reach.
import type { Rule } from '../shared/intercept';
import type { ContentToPage } from '../shared/messages';
import { onStoredRulesChanged, readStoredRules } from '../platform/intercept-rules';

export interface InterceptConfig {
  /** The channel has paired: ask the hook to wait for the rules, and send them if already read. */
  paired(): void;
}

/**
 * This document's rules: enabled, for every site or for this origin. Only picked here, not checked: the
 * hook checks each rule (src/rules/parse.ts) and the relay, which runs in every frame, stays small.
 */
export function rulesForSite(raw: unknown, origin: string): Rule[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (rule: Partial<Rule> | null) => typeof rule === 'object' && rule !== null && rule.enabled !== false && (!rule.site || rule.site === origin),
  );
}

export function startInterceptConfig(toPage: (command: ContentToPage) => boolean, origin: string): InterceptConfig {
  let rules: Rule[] | null = null;
  let isPaired = false;
  const sendRules = (): void => {
    if (isPaired && rules !== null) toPage({ t: 'intercept-rules', rules });
  };
  const take = (raw: unknown): void => {
    rules = rulesForSite(raw, origin);
    sendRules();
  };
  readStoredRules().then(take, () => take([]));
  onStoredRulesChanged(take);
  return {
    paired() {
      if (isPaired) return;
      isPaired = true;
      if (rules === null) toPage({ t: 'intercept-await' });
      sendRules();
    },
  };
}
