// Intercept in the background: stores the rule list the panel saved, keeps each tab's Intercept
// switch (its breakpoints and the panel port that owns them) and passes it to the tab's frames, and
// routes held-message notices from the page to the panels watching the tab. Nothing stays held with no
// one to release it: a closed panel's port turns its tabs' switches off at once, and the page hook
// itself releases everything when the switch is not renewed (LEASE_MS: the extension went away).
import type { Runtime } from '../platform/browser';
import { writeStoredRules } from '../platform/intercept-rules';
import { LEASE_MS, type Breakpoint } from '../shared/intercept';
import type { ContentToPage, HeldEvent, InterceptDelivery } from '../shared/messages';
import { parseBreakpoints, parseRules } from '../rules/parse';
import { sendToTab, sendCommand } from './commands';
import { postToPanel, postToWatchers } from './panel-ports';
import { postNotice } from './notices';

interface TabSwitch {
  port: Runtime.Port;
  breakpoints: Breakpoint[];
}

const switches = new Map<number, TabSwitch>();
/** Panel ports whose disconnect releases their tabs (listened to once each). */
const watchedPorts = new WeakSet<Runtime.Port>();

/** Checks and stores the rule list; a list that does not check out is refused with a notice (the panel checks first). */
export async function storeRules(raw: unknown): Promise<void> {
  let rules;
  try {
    rules = Array.from(parseRules(raw) as ArrayLike<ReturnType<typeof parseRules>[number]>);
  } catch (error) {
    void postNotice('error', `Rules not saved: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  await writeStoredRules(rules);
}

const breakpointsCommand = (breakpoints: Breakpoint[]): ContentToPage => ({ t: 'intercept-breakpoints', breakpoints, leaseMs: LEASE_MS });

/** The panel's switch for a tab: on (with breakpoints, renewed) or off ([]). Sent to every frame of the tab; the panel learns whether a frame's hook has it. */
export function setTabIntercept(port: Runtime.Port, tabId: number, raw: unknown, revision: number): void {
  let breakpoints: Breakpoint[];
  try {
    breakpoints = Array.from(parseBreakpoints(raw) as ArrayLike<Breakpoint>);
  } catch {
    return;
  }
  if (breakpoints.length === 0) switches.delete(tabId);
  else {
    switches.set(tabId, { port, breakpoints });
    if (!watchedPorts.has(port)) {
      watchedPorts.add(port);
      port.onDisconnect.addListener(() => releaseTabsOf(port));
    }
  }
  void sendToTab(tabId, breakpointsCommand(breakpoints)).then((answer) =>
    postToPanel(port, { t: 'intercept-state', tabId, revision, reached: hookHasIt(answer) }),
  );
}

/** A frame's answer (InterceptDelivery), checked: the relay answers, but a compromised renderer could answer anything. */
function hookHasIt(answer: unknown): boolean {
  return (answer as Partial<InterceptDelivery> | null | undefined)?.t === 'intercept-delivered';
}

/** A panel went away: whatever it held in its tabs is released now rather than when the lease runs out. */
function releaseTabsOf(port: Runtime.Port): void {
  for (const [tabId, tabSwitch] of switches) {
    if (tabSwitch.port !== port) continue;
    switches.delete(tabId);
    void sendToTab(tabId, breakpointsCommand([]));
  }
}

/** A frame (re)connected: it gets the tab's switch at once rather than at the next renewal. */
export function interceptOnHello(tabId: number, frameId: number): void {
  const tabSwitch = switches.get(tabId);
  if (tabSwitch) void sendCommand(tabId, frameId, breakpointsCommand(tabSwitch.breakpoints));
}

export function forwardHeld(tabId: number, frameId: number, events: HeldEvent[]): void {
  if (events.length > 0) postToWatchers(tabId, { t: 'held', tabId, frameId, events });
}
