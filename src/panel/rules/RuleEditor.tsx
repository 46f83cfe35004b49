// One rule's fields: name, where it applies (site, direction, socket URL), its condition and its action.
import type { Rule, RuleAction, RuleDirection } from '../../shared/intercept';
import { ConditionFields } from './ConditionFields';

const ACTIONS: [RuleAction['kind'], string][] = [
  ['replace', 'Replace text'],
  ['set-json', 'Set a JSON field'],
  ['remove-json', 'Remove a JSON field'],
  ['drop', 'Drop'],
  ['delay', 'Delay'],
  ['duplicate', 'Duplicate'],
  ['mock', 'Mock a reply'],
  ['serve', 'Mock the whole socket (no server)'],
];

function blankAction(kind: RuleAction['kind']): RuleAction {
  switch (kind) {
    case 'replace':
      return { kind, find: '', regex: false, flags: '', replacement: '' };
    case 'set-json':
      return { kind, path: '', value: '' };
    case 'remove-json':
      return { kind, path: '' };
    case 'delay':
      return { kind, ms: 1000 };
    case 'duplicate':
      return { kind, copies: 1 };
    case 'mock':
      return { kind, template: '{"id": {{id}}, "ok": true}', delayMs: 0, suppress: true };
    case 'serve':
      return { kind, protocol: '', greeting: '' };
    default:
      return { kind: 'drop' };
  }
}

function TextField(props: { label: string; value: string; placeholder?: string; onInput: (value: string) => void; wide?: boolean }) {
  return (
    <label class={`wsi-field${props.wide ? ' wide' : ''}`}>
      {props.label}
      <input value={props.value} placeholder={props.placeholder} onInput={(event) => props.onInput(event.currentTarget.value)} />
    </label>
  );
}

function NumberField(props: { label: string; value: number; onInput: (value: number) => void }) {
  return (
    <label class="wsi-field">
      {props.label}
      <input type="number" min={0} value={props.value} onInput={(event) => props.onInput(Number(event.currentTarget.value))} />
    </label>
  );
}

function ActionFields(props: { action: RuleAction; onChange: (action: RuleAction) => void }) {
  const { action, onChange } = props;
  switch (action.kind) {
    case 'replace':
      return (
        <>
          <TextField label="Find" value={action.find} onInput={(find) => onChange({ ...action, find })} />
          <label class="toolbar-check">
            <input type="checkbox" checked={action.regex} onChange={(event) => onChange({ ...action, regex: event.currentTarget.checked })} /> Regular
            expression
          </label>
          {action.regex && <TextField label="Flags" value={action.flags} placeholder="ims" onInput={(flags) => onChange({ ...action, flags })} />}
          <TextField
            label="Replace with"
            value={action.replacement}
            placeholder="$1, $<name>, $&"
            onInput={(replacement) => onChange({ ...action, replacement })}
          />
        </>
      );
    case 'set-json':
      return (
        <>
          <TextField label="JSON path" value={action.path} placeholder="$.order.qty" onInput={(path) => onChange({ ...action, path })} />
          <TextField label="Value (JSON)" value={action.value} placeholder="5" onInput={(value) => onChange({ ...action, value })} />
        </>
      );
    case 'remove-json':
      return <TextField label="JSON path" value={action.path} placeholder="$.token" onInput={(path) => onChange({ ...action, path })} />;
    case 'delay':
      return <NumberField label="Delay (ms)" value={action.ms} onInput={(ms) => onChange({ ...action, ms })} />;
    case 'duplicate':
      return <NumberField label="Extra copies" value={action.copies} onInput={(copies) => onChange({ ...action, copies })} />;
    case 'mock':
      return (
        <>
          <TextField wide label="Reply template" value={action.template} onInput={(template) => onChange({ ...action, template })} />
          <span class="wsi-hint">
            {'{{path}}: a request field as JSON; {{text:path}}: as text; {{$1}}, {{$<name>}}: groups of the condition; {{request}}: the whole request.'}
          </span>
          <NumberField label="Reply after (ms)" value={action.delayMs} onInput={(delayMs) => onChange({ ...action, delayMs })} />
          <label class="toolbar-check">
            <input type="checkbox" checked={action.suppress} onChange={(event) => onChange({ ...action, suppress: event.currentTarget.checked })} /> Keep the
            original from the server
          </label>
        </>
      );
    case 'serve':
      return (
        <>
          <span class="wsi-hint">Sockets whose URL fits open with no server; add Mock a reply rules to answer their messages.</span>
          <TextField label="Protocol to report" value={action.protocol} onInput={(protocol) => onChange({ ...action, protocol })} />
          <TextField wide label="Greeting on open" value={action.greeting} onInput={(greeting) => onChange({ ...action, greeting })} />
        </>
      );
    default:
      return null;
  }
}

export function RuleEditor(props: { rule: Rule; onChange: (rule: Rule) => void }) {
  const { rule, onChange } = props;
  return (
    <div class="rule-editor" aria-label="Rule">
      <div class="wsi-row">
        <TextField label="Name" value={rule.name} onInput={(name) => onChange({ ...rule, name })} />
        <TextField label="Site (empty: every site)" value={rule.site} placeholder="https://example.com" onInput={(site) => onChange({ ...rule, site })} />
      </div>
      <div class="wsi-row">
        <label class="wsi-field">
          Direction
          <select value={rule.direction} onChange={(event) => onChange({ ...rule, direction: event.currentTarget.value as RuleDirection })}>
            <option value="send">Sent</option>
            <option value="receive">Received</option>
            <option value="both">Both</option>
          </select>
        </label>
        <TextField
          wide
          label="Socket URL (* for any text; empty: every socket)"
          value={rule.url}
          placeholder="wss://api.example.com/*"
          onInput={(url) => onChange({ ...rule, url })}
        />
      </div>
      {rule.action.kind !== 'serve' && <ConditionFields label="When" condition={rule.condition} onChange={(condition) => onChange({ ...rule, condition })} />}
      <fieldset class="wsi-field">
        <legend>Then</legend>
        <select
          aria-label="Action"
          value={rule.action.kind}
          onChange={(event) => onChange({ ...rule, action: blankAction(event.currentTarget.value as RuleAction['kind']) })}
        >
          {ACTIONS.map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
        <ActionFields action={rule.action} onChange={(action) => onChange({ ...rule, action })} />
      </fieldset>
    </div>
  );
}
