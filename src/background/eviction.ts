// Storage limits: our own budget of payload bytes, and the browser's real quota. Both evict the
// oldest sessions that no tab is writing to, so capture of the current pages never stops.
import type { InspectorDatabase } from '../db/schema';
import { deleteSessions } from '../db/session-data';
import { getSettings, onSettingsChanged } from '../platform/settings';
import { currentSessionIds } from './tab-state';

/** After evicting for the budget, usage drops to this share of it, so eviction is not per batch. */
const BUDGET_LOW_WATER = 0.9;

/**
 * Payload bytes per session. Counted as wire sizes from the connection counters: cheap to rebuild
 * after a restart, and an upper bound of what is stored (truncated payloads store less). Rebuilt
 * after USAGE_RECOUNT_MS as well, because the HAR import worker adds sessions the background never sees.
 */
let usage: { totals: Promise<Map<string, number>>; countedAt: number } | undefined;
let budget: Promise<number> | undefined;
const USAGE_RECOUNT_MS = 60_000;

function sessionUsage(db: InspectorDatabase): Promise<Map<string, number>> {
  if (usage && Date.now() - usage.countedAt < USAGE_RECOUNT_MS) return usage.totals;
  const totals = (async () => {
    const counted = new Map<string, number>();
    await db.connections.each((connection) => {
      const bytes = connection.sentBytes + connection.receivedBytes;
      counted.set(connection.sessionId, (counted.get(connection.sessionId) ?? 0) + bytes);
    });
    return counted;
  })();
  usage = { totals, countedAt: Date.now() };
  return totals;
}

function storageBudget(): Promise<number> {
  budget ??= getSettings().then((settings) => settings.storageBudgetBytes);
  return budget;
}

/** Keeps the cached budget in step with the settings page. Call once at start-up. */
export function followBudgetSetting(): void {
  onSettingsChanged((settings) => {
    budget = Promise.resolve(settings.storageBudgetBytes);
  });
}

export async function addUsage(db: InspectorDatabase, sessionId: string, bytes: number): Promise<void> {
  const totals = await sessionUsage(db);
  totals.set(sessionId, (totals.get(sessionId) ?? 0) + bytes);
}

export async function forgetUsage(db: InspectorDatabase, sessionIds: readonly string[]): Promise<void> {
  const totals = await sessionUsage(db);
  for (const id of sessionIds) totals.delete(id);
}

export async function totalUsage(db: InspectorDatabase): Promise<number> {
  let total = 0;
  for (const bytes of (await sessionUsage(db)).values()) total += bytes;
  return total;
}

/** Sessions that may be evicted, oldest first: not current in any tab and not `writing`. */
async function evictableSessions(db: InspectorDatabase, writing: string): Promise<string[]> {
  const busy = await currentSessionIds();
  busy.add(writing);
  const oldestFirst = await db.sessions.orderBy('startedAt').primaryKeys();
  return oldestFirst.filter((id) => !busy.has(id));
}

async function evict(db: InspectorDatabase, sessionIds: string[]): Promise<void> {
  await deleteSessions(db, sessionIds);
  await forgetUsage(db, sessionIds);
}

/**
 * Evicts the oldest sessions until `incomingBytes` more fit the budget (with some slack).
 * Returns how many sessions were removed; 0 when within budget or nothing may be removed.
 */
export async function makeRoomForBudget(db: InspectorDatabase, incomingBytes: number, writing: string): Promise<number> {
  const limit = await storageBudget();
  let total = await totalUsage(db);
  if (total + incomingBytes <= limit) return 0;
  const totals = await sessionUsage(db);
  const victims: string[] = [];
  for (const id of await evictableSessions(db, writing)) {
    if (total + incomingBytes <= limit * BUDGET_LOW_WATER) break;
    victims.push(id);
    total -= totals.get(id) ?? 0;
  }
  await evict(db, victims);
  return victims.length;
}

/** After a real QuotaExceededError: removes the oldest evictable session. Returns 0 or 1. */
export async function evictOldestForQuota(db: InspectorDatabase, writing: string): Promise<number> {
  const [oldest] = await evictableSessions(db, writing);
  if (oldest === undefined) return 0;
  await evict(db, [oldest]);
  return 1;
}

export function storageFullNotice(removedSessions: number): string {
  return `Storage full: removed ${removedSessions} oldest session${removedSessions === 1 ? '' : 's'}`;
}
