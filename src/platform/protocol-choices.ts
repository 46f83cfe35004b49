// The user's protocol choice per socket origin (the panel's "decode as" menu), in storage.local.
import { nativeApi as browser } from './native-api';

const KEY = 'protocolChoices';

export async function loadProtocolChoices<Choice extends string>(isChoice: (value: unknown) => value is Choice): Promise<Record<string, Choice>> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  if (typeof stored !== 'object' || stored === null) return {};
  return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, Choice] => isChoice(entry[1])));
}

export async function saveProtocolChoices(choices: Record<string, string>): Promise<void> {
  await browser.storage.local.set({ [KEY]: choices });
}
