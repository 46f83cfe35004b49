// Text fields of the Settings dialog ↔ stored byte counts. Pure, so the rules are unit-tested.
import type { Settings } from '../../shared/settings';

const MIB = 1024 * 1024;

/** Each setting as the dialog edits it: in MiB, with its allowed range. */
export const SETTING_FIELDS = {
  maxPayloadBytes: { label: 'Largest stored message (MiB)', min: 0.001, max: 1024 },
  storageBudgetBytes: { label: 'Storage budget (MiB)', min: 1, max: 1024 * 1024 },
} as const satisfies Record<keyof Settings, { label: string; min: number; max: number }>;

export type SettingsDraft = Record<keyof Settings, string>;

export function draftOf(settings: Settings): SettingsDraft {
  const inMib = (bytes: number) => String(Number((bytes / MIB).toFixed(3)));
  return { maxPayloadBytes: inMib(settings.maxPayloadBytes), storageBudgetBytes: inMib(settings.storageBudgetBytes) };
}

/** The settings a draft stands for, or the first field's problem, worded for the user. */
export function parseDraft(draft: SettingsDraft): { settings: Settings } | { error: string } {
  const settings = {} as Settings;
  for (const key of Object.keys(SETTING_FIELDS) as (keyof Settings)[]) {
    const { label, min, max } = SETTING_FIELDS[key];
    const text = draft[key].trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) return { error: `${label}: "${draft[key]}" is not a number.` };
    if (value < min || value > max) return { error: `${label}: must be between ${min} and ${max}.` };
    settings[key] = Math.round(value * MIB);
  }
  return { settings };
}
