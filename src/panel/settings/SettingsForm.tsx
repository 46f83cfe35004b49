// The Settings dialog's form: reads the stored settings, checks the fields, saves.
import { useEffect, useState } from 'preact/hooks';
import { getSettings, setSettings } from '../../platform/settings';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { draftOf, parseDraft, SETTING_FIELDS, type SettingsDraft } from './settings-form';

export function SettingsForm(props: { onDone: () => void }) {
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    getSettings().then(
      (settings) => setDraft(draftOf(settings)),
      (error: unknown) => setProblem(`Could not read the settings: ${String(error)}`),
    );
  }, []);
  if (!draft) return <p class={problem ? 'wsi-error' : 'wsi-hint'}>{problem ?? 'Reading settings…'}</p>;

  const save = async () => {
    const parsed = parseDraft(draft);
    if ('error' in parsed) return setProblem(parsed.error);
    try {
      await setSettings(parsed.settings);
      props.onDone();
    } catch (error) {
      setProblem(`Could not save the settings: ${String(error)}`);
    }
  };
  return (
    <form
      class="wsi-field"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {(Object.keys(SETTING_FIELDS) as (keyof SettingsDraft)[]).map((key) => (
        <label key={key} class="wsi-field">
          {SETTING_FIELDS[key].label}
          <input
            type="text"
            inputMode="decimal"
            value={draft[key]}
            onInput={(event) => {
              setDraft({ ...draft, [key]: event.currentTarget.value });
              setProblem(null);
            }}
          />
        </label>
      ))}
      <p class="wsi-hint">
        Larger messages are stored cut to this size, marked "truncated", with their real size kept. Above the budget the oldest sessions are deleted, with a
        notice. Both apply from now on, in every tab.
      </p>
      {problem && (
        <p class="wsi-error" role="alert">
          {problem}
        </p>
      )}
      <div class="wsi-row">
        <button type="button" onClick={() => setDraft(draftOf(DEFAULT_SETTINGS))}>
          Defaults
        </button>
        <span class="grow" />
        <button type="submit" class="primary">
          Save
        </button>
      </div>
    </form>
  );
}
