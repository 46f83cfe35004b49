// Intercept (src/page/intercept/) in workers: every hook, the page's and each worker's, runs its own
// interceptor over its own sockets. Commands reach a worker's only through its parent: rules and
// breakpoints go to every worker (and to workers started later, first thing on their port, before the
// worker's script can have a socket that sends), a release to the worker that holds the connection.
// A worker's interceptor starts awaiting its rules (it holds traffic until they come, as the page's
// does at load), so its first messages cannot slip past them; the parent answers at once with the
// rules it has, or, when it awaits them itself, forwards them when they arrive. Rules travel over the
// worker's private port only, never in its bootstrap (a worker's script can read its bootstrap).
import type { ContentToPage } from '../../shared/messages';
import type { Interceptor } from '../intercept/interceptor';
import { getOwnPropertyDescriptor, newList, now, type List } from '../../worlds/pristine';
import type { WorkerCapture } from './worker-capture';

export interface InterceptForwarding {
  /** Carries out an intercept command here or in the worker holding its connection; false for other commands. */
  handle(untrusted: unknown): boolean;
  /** What a worker started now must hear first: the rules (or none, unless they are still awaited) and live breakpoints. */
  forNewWorker(): ContentToPage[];
  /** The workers this context started, once installed (commands before then concern no worker). */
  workers: WorkerCapture | null;
}

function field(value: object, name: string): unknown {
  return getOwnPropertyDescriptor(value, name)?.value;
}

/** `awaiting`: this context holds its traffic until rules come (a worker's hook, from its start). */
export function createInterceptForwarding(interceptor: Interceptor, awaiting: boolean): InterceptForwarding {
  let rules: ContentToPage | null = null;
  let breakpoints: ContentToPage | null = null;
  let breakpointsUntil = 0;
  const forwarding: InterceptForwarding = {
    workers: null,
    handle(untrusted) {
      if (typeof untrusted !== 'object' || untrusted === null) return false;
      const t = field(untrusted, 't');
      if (t === 'intercept-release') {
        const conn = field(untrusted, 'conn');
        const worker = typeof conn === 'string' ? forwarding.workers?.route(conn) : undefined;
        if (worker) {
          worker.post(untrusted as ContentToPage);
          return true;
        }
      }
      if (!interceptor.handle(untrusted)) return false;
      if (t === 'intercept-await') awaiting = rules === null;
      else if (t === 'intercept-rules') rules = untrusted as ContentToPage;
      else if (t === 'intercept-breakpoints') {
        breakpoints = untrusted as ContentToPage;
        const leaseMs = field(untrusted, 'leaseMs');
        breakpointsUntil = now() + (typeof leaseMs === 'number' ? leaseMs : 0);
      }
      if (t === 'intercept-rules' || t === 'intercept-breakpoints') forwarding.workers?.broadcast(untrusted as ContentToPage);
      return true;
    },
    forNewWorker() {
      const list: List<ContentToPage> = newList<ContentToPage>();
      if (rules) list[list.length] = rules;
      else if (!awaiting) list[list.length] = { t: 'intercept-rules', rules: [] };
      if (breakpoints && now() < breakpointsUntil) list[list.length] = breakpoints;
      return list as ContentToPage[];
    },
  };
  return forwarding;
}
