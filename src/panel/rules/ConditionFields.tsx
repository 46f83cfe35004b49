// The condition of a rule or of the Intercept breakpoint: every message, text, regular expression or a JSON field.
import type { Condition } from '../../shared/intercept';

const KINDS: [Condition['kind'], string][] = [
  ['any', 'Every message'],
  ['text', 'Text contains'],
  ['regex', 'Regular expression'],
  ['json', 'JSON field'],
];

function blank(kind: Condition['kind']): Condition {
  if (kind === 'text') return { kind, text: '' };
  if (kind === 'regex') return { kind, pattern: '', flags: '' };
  if (kind === 'json') return { kind, path: '' };
  return { kind: 'any' };
}

export function ConditionFields(props: { condition: Condition; onChange: (condition: Condition) => void; label: string }) {
  const { condition, onChange } = props;
  return (
    <fieldset class="wsi-field condition-fields">
      <legend>{props.label}</legend>
      <select aria-label={`${props.label}: kind`} value={condition.kind} onChange={(event) => onChange(blank(event.currentTarget.value as Condition['kind']))}>
        {KINDS.map(([kind, label]) => (
          <option key={kind} value={kind}>
            {label}
          </option>
        ))}
      </select>
      {condition.kind === 'text' && (
        <input
          aria-label={`${props.label}: text`}
          placeholder="text to find"
          value={condition.text}
          onInput={(event) => onChange({ ...condition, text: event.currentTarget.value })}
        />
      )}
      {condition.kind === 'regex' && (
        <>
          <input
            aria-label={`${props.label}: pattern`}
            placeholder='"id":\s*(\d+)'
            value={condition.pattern}
            onInput={(event) => onChange({ ...condition, pattern: event.currentTarget.value })}
          />
          <input
            aria-label={`${props.label}: flags`}
            class="flags"
            placeholder="ims"
            value={condition.flags}
            onInput={(event) => onChange({ ...condition, flags: event.currentTarget.value })}
          />
        </>
      )}
      {condition.kind === 'json' && (
        <>
          <input
            aria-label={`${props.label}: JSON path`}
            placeholder="$.order.side"
            value={condition.path}
            onInput={(event) => onChange({ ...condition, path: event.currentTarget.value })}
          />
          <input
            aria-label={`${props.label}: value`}
            placeholder="value (empty: the field exists)"
            value={condition.value ?? ''}
            onInput={(event) => {
              const value = event.currentTarget.value;
              onChange(value === '' ? { kind: 'json', path: condition.path } : { ...condition, value });
            }}
          />
        </>
      )}
    </fieldset>
  );
}
