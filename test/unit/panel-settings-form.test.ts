import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { draftOf, parseDraft } from '../../src/panel/settings/settings-form';

describe('settings form', () => {
  test('defaults show in MiB and parse back to the same bytes', () => {
    const draft = draftOf(DEFAULT_SETTINGS);
    expect(draft).toEqual({ maxPayloadBytes: '10', storageBudgetBytes: '2048' });
    expect(parseDraft(draft)).toEqual({ settings: DEFAULT_SETTINGS });
  });

  test('fractions of a MiB are allowed for the payload cap', () => {
    expect(parseDraft({ maxPayloadBytes: ' 0.5 ', storageBudgetBytes: '100' })).toEqual({
      settings: { maxPayloadBytes: 512 * 1024, storageBudgetBytes: 100 * 1024 * 1024 },
    });
  });

  test('each bad field is named with what is wrong', () => {
    expect(parseDraft({ maxPayloadBytes: 'ten', storageBudgetBytes: '100' })).toEqual({
      error: 'Largest stored message (MiB): "ten" is not a number.',
    });
    expect(parseDraft({ maxPayloadBytes: '', storageBudgetBytes: '100' })).toEqual({
      error: 'Largest stored message (MiB): "" is not a number.',
    });
    expect(parseDraft({ maxPayloadBytes: '1', storageBudgetBytes: '0' })).toEqual({
      error: 'Storage budget (MiB): must be between 1 and 1048576.',
    });
    expect(parseDraft({ maxPayloadBytes: '-3', storageBudgetBytes: '100' })).toMatchObject({ error: expect.stringContaining('must be between') });
  });
});
