// The rule list: ordered (first rule first), each enabled or not, edited in place; saved through the
// background into extension storage, from where every page's relay takes its site's rules. Export
// and import as JSON. Loaded on first use.
import { useEffect, useState } from 'preact/hooks';
import type { Rule } from '../../shared/intercept';
import { onStoredRulesChanged, readStoredRules } from '../../platform/intercept-rules';
import { saveBlob } from '../har/download';
import { usePanel } from '../usePanel';
import { RuleEditor } from './RuleEditor';
import { blankRule, checkRules, describeRule, exportRules, importRules } from './rule-text';
import '../intercept/intercept.css';

export function RulesDialog() {
  const panel = usePanel();
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    const take = (raw: unknown) => {
      const read = importRules(JSON.stringify(raw ?? []));
      setRules(read.ok ? read.rules : []);
      if (!read.ok) setStatus({ error: true, text: `The stored rules could not be read: ${read.error}` });
    };
    void readStoredRules().then(take);
    return onStoredRulesChanged(take);
  }, []);

  if (rules === null) return <div class="wsi-hint">Loading…</div>;

  const save = (next: Rule[], done?: string) => {
    const problem = checkRules(next);
    setRules(next);
    if (problem) {
      setStatus({ error: true, text: problem });
      return;
    }
    panel.intercept.saveRules(next);
    setStatus(done ? { error: false, text: done } : null);
  };
  const update = (index: number, rule: Rule) => {
    const next = rules.slice();
    next[index] = rule;
    save(next);
  };
  const move = (index: number, by: number) => {
    const next = rules.slice();
    const [rule] = next.splice(index, 1);
    next.splice(index + by, 0, rule!);
    save(next);
    if (editing === index) setEditing(index + by);
  };
  const onImport = async (file: File | undefined) => {
    if (!file) return;
    const read = importRules(await file.text());
    if (!read.ok) {
      setStatus({ error: true, text: `${file.name}: ${read.error}` });
      return;
    }
    save(read.rules, `Imported ${read.rules.length} rules from ${file.name}`);
    setEditing(null);
  };

  return (
    <div class="rules-dialog">
      <p class="wsi-hint">
        Rules act in the page, in order, before a message is sent or reaches the page's code. Open pages get changes at once; a whole-socket mock takes sockets
        opened after it.
      </p>
      <ol class="rule-list" aria-label="Rules">
        {rules.map((rule, index) => (
          <li key={rule.id} class={`rule-item${rule.enabled ? '' : ' is-disabled'}`}>
            <div class="wsi-row">
              <label class="toolbar-check" title="Enabled">
                <input
                  type="checkbox"
                  aria-label={`Enable ${rule.name}`}
                  checked={rule.enabled}
                  onChange={(event) => update(index, { ...rule, enabled: event.currentTarget.checked })}
                />
                <strong>{rule.name}</strong>
              </label>
              <span class="rule-summary">{describeRule(rule)}</span>
              <span class="grow" />
              <button type="button" aria-label={`Move ${rule.name} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                ↑
              </button>
              <button type="button" aria-label={`Move ${rule.name} down`} disabled={index === rules.length - 1} onClick={() => move(index, 1)}>
                ↓
              </button>
              <button type="button" onClick={() => setEditing(editing === index ? null : index)}>
                {editing === index ? 'Done' : 'Edit'}
              </button>
              <button
                type="button"
                aria-label={`Delete ${rule.name}`}
                onClick={() => {
                  save(rules.filter((_, at) => at !== index));
                  setEditing(null);
                }}
              >
                Delete
              </button>
            </div>
            {editing === index && <RuleEditor rule={rule} onChange={(changed) => update(index, changed)} />}
          </li>
        ))}
      </ol>
      {rules.length === 0 && <p class="wsi-hint">No rules yet.</p>}
      {status && (
        <p class={status.error ? 'wsi-error' : 'wsi-hint'} role={status.error ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
      <div class="wsi-row">
        <button
          type="button"
          class="primary"
          onClick={() => {
            setRules([...rules, blankRule()]);
            setEditing(rules.length);
          }}
        >
          Add rule
        </button>
        <span class="grow" />
        <button
          type="button"
          disabled={rules.length === 0}
          onClick={() => saveBlob(new Blob([exportRules(rules)], { type: 'application/json' }), 'websocket-rules.json')}
        >
          Export JSON
        </button>
        <label class="file-button">
          Import JSON
          <input
            type="file"
            accept=".json,application/json"
            aria-label="Import rules from a JSON file"
            onChange={(event) => void onImport(event.currentTarget.files?.[0])}
          />
        </label>
      </div>
    </div>
  );
}
