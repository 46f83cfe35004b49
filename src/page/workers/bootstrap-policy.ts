// Whether the page's security policy lets capture start a worker from a blob: bootstrap, as far as the
// hook can tell without trying: a Content-Security-Policy given in <meta> tags, and what earlier attempts
// in this document showed (a securitypolicyviolation naming blob:, a Trusted Types refusal). A policy
// sent as a response header cannot be read by a page script: there the first worker is tried, and when
// its bootstrap is refused the worker is started as the page asked (worker-capture.ts); later ones are
// not tried again.
import {
  NativeString,
  addEventListener,
  apply,
  getOwnPropertyDescriptor,
  getPrototypeOf,
  newList,
  regExpExec,
  stringSlice,
  uncurryGetter,
  uncurryThis,
  type List,
} from '../../worlds/pristine';

const META_SELECTOR = 'meta[http-equiv="content-security-policy" i]';
/** Where a blob: worker bootstrap is checked (CSP 3: worker-src, then child-src, then script-src, then default-src). */
const WORKER_DIRECTIVES = ['worker-src', 'child-src', 'script-src', 'default-src'];
/** Where a module bootstrap's `import` of the hook blob is checked, in the worker's policy (the page's, inherited). */
const MODULE_DIRECTIVES = ['script-src-elem', 'script-src', 'default-src'];

const querySelectorAll = typeof Document === 'function' ? uncurryThis(Document.prototype.querySelectorAll) : null;
const getAttribute = typeof Element === 'function' ? uncurryThis(Element.prototype.getAttribute) : null;
const nodeListLength = typeof NodeList === 'function' ? uncurryGetter<number>(NodeList.prototype, 'length') : null;
const nodeListItem = typeof NodeList === 'function' ? uncurryThis(NodeList.prototype.item) : null;
const violationBlockedUri =
  typeof SecurityPolicyViolationEvent === 'function' ? uncurryGetter<string>(SecurityPolicyViolationEvent.prototype, 'blockedURI') : null;
const violationDirective =
  typeof SecurityPolicyViolationEvent === 'function' ? uncurryGetter<string>(SecurityPolicyViolationEvent.prototype, 'effectiveDirective') : null;
const toLowerCase = uncurryThis(String.prototype.toLowerCase);
const split = uncurryThis(String.prototype.split) as (text: string, separator: RegExp | string) => string[];
const trim = uncurryThis(String.prototype.trim);
const WHITESPACE = /\s+/;
const trustedTypesFactory = (globalThis as { trustedTypes?: object }).trustedTypes;
const defaultPolicyOf = trustedTypesFactory ? getOwnPropertyDescriptor(getPrototypeOf(trustedTypesFactory) as object, 'defaultPolicy')?.get : undefined;

/**
 * Trusted Types, as far as they can be known without a violation report: a page that makes
 * TrustedScriptURLs for its workers enforces them (by a response header, unreadable here), so capture's
 * blob: URL, a string, would be refused and reported to the page; a default policy would be called with
 * it, and would see it. Either way the worker is not tried.
 */
function trustedTypesReason(trustedUrl: boolean): string | null {
  if (trustedUrl) return "the page starts it with a Trusted Types script URL, and capture's bootstrap could get one only from the page's policies";
  if (!trustedTypesFactory || !defaultPolicyOf) return null;
  try {
    if (apply(defaultPolicyOf, trustedTypesFactory, []) !== null)
      return "the page has a Trusted Types default policy, which would be called with capture's script URL";
  } catch {
    // Not the factory it was: nothing known.
  }
  return null;
}
const DIRECTIVE_NAME = /^[a-z-]+$/;

export interface BootstrapPolicy {
  /**
   * Why a bootstrap of `type` would be refused, or null when nothing known forbids it. `trustedUrl`: the
   * page gave a TrustedScriptURL, as pages that enforce Trusted Types must.
   */
  forbiddenReason(type: 'classic' | 'module', trustedUrl: boolean): string | null;
  /** A bootstrap was refused for `reason`: later workers are not tried. */
  remember(reason: string): void;
  /** The reason a violation report gave, if one named a blob: worker since the hook started. */
  lastViolation(): string | null;
}

/** Policies in this document's <meta> tags, each as directive name → its source list, lowercase. */
function metaPolicies(): List<List<List<string>>> {
  const policies = newList<List<List<string>>>();
  const root = (globalThis as { document?: Document }).document;
  if (!root || !querySelectorAll || !getAttribute || !nodeListLength || !nodeListItem) return policies;
  const metas = querySelectorAll(root, META_SELECTOR);
  for (let index = 0; index < nodeListLength(metas); index++) {
    const content = getAttribute(nodeListItem(metas, index) as Element, 'content');
    if (content === null) continue;
    const directives = newList<List<string>>();
    const parts = split(toLowerCase(content), ';');
    for (let part = 0; part < parts.length; part++) {
      const tokens = split(trim(parts[part]!), WHITESPACE);
      if (tokens[0] && regExpExec(DIRECTIVE_NAME, tokens[0])) directives[directives.length] = tokens as unknown as List<string>;
    }
    policies[policies.length] = directives;
  }
  return policies;
}

function sourceList(policy: List<List<string>>, name: string): List<string> | null {
  for (let index = 0; index < policy.length; index++) if (policy[index]![0] === name) return policy[index]!;
  return null;
}

/** The first of `names` the policy has (CSP's fallback order), or null when it has none of them: then nothing is restricted. */
function effectiveList(policy: List<List<string>>, names: string[]): { name: string; sources: List<string> } | null {
  for (let index = 0; index < names.length; index++) {
    const sources = sourceList(policy, names[index]!);
    if (sources) return { name: names[index]!, sources };
  }
  return null;
}

function allowsBlob(sources: List<string>): boolean {
  for (let index = 1; index < sources.length; index++) if (sources[index] === 'blob:') return true;
  return false;
}

export function createBootstrapPolicy(): BootstrapPolicy {
  let remembered: string | null = null;
  let violation: string | null = null;
  if (violationBlockedUri && violationDirective) {
    const blockedUri = violationBlockedUri;
    const directive = violationDirective;
    addEventListener(
      globalThis,
      'securitypolicyviolation',
      (event) => {
        try {
          if (stringSlice(blockedUri(event), 0, 4) !== 'blob') return;
          violation = `the page's Content Security Policy (${NativeString(directive(event))}) does not allow the blob: script capture starts workers from`;
        } catch {
          // Not a violation event after all: nothing learnt.
        }
      },
      true,
    );
  }

  return {
    forbiddenReason(type, trustedUrl) {
      if (remembered !== null) return remembered;
      const policies = metaPolicies();
      for (let index = 0; index < policies.length; index++) {
        const policy = policies[index]!;
        if (sourceList(policy, 'require-trusted-types-for')) return "the page's Trusted Types policy allows no script URL capture could make";
        const lists = type === 'module' ? [WORKER_DIRECTIVES, MODULE_DIRECTIVES] : [WORKER_DIRECTIVES];
        for (let list = 0; list < lists.length; list++) {
          const effective = effectiveList(policy, lists[list]!);
          if (effective && !allowsBlob(effective.sources)) {
            return `the page's Content Security Policy (${effective.name}) does not allow the blob: script capture starts workers from`;
          }
        }
      }
      // What <meta> says is known for sure; what Trusted Types imply is inferred.
      return trustedTypesReason(trustedUrl);
    },
    remember(reason) {
      remembered = reason;
    },
    lastViolation: () => violation,
  };
}
