// Pause per tab: while paused, message events are acknowledged and discarded; lifecycle is still kept.
import { loadPausedTabs, savePausedTabs } from './tab-state';

let paused: Promise<Set<number>> | undefined;

const pausedTabs = (): Promise<Set<number>> => (paused ??= loadPausedTabs());

export async function isPaused(tabId: number): Promise<boolean> {
  return (await pausedTabs()).has(tabId);
}

export async function setPaused(tabId: number, value: boolean): Promise<void> {
  const tabs = await pausedTabs();
  if (value) tabs.add(tabId);
  else tabs.delete(tabId);
  await savePausedTabs(tabs);
}
