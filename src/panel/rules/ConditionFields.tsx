// The condition of a rule or of the Intercept breakpoint: every message, text, regular expression, a JSON
// field, or a field of a decoded protocol (Socket.IO event, STOMP destination, MQTT topic, …).
import { PROTOCOL_FIELDS, type Condition, type FieldProtocol } from '../../shared/intercept';

const KINDS: [Condition['kind'], string][] = [
  ['any', 'Every message'],
  ['text', 'Text contains'],
  ['regex', 'Regular expression'],
  ['json', 'JSON field'],
  ['protocol', 'Protocol field'],
];

const PROTOCOL_NAMES: Record<FieldProtocol, string> = {
  'socket.io': 'Socket.IO',
  stomp: 'STOMP',
  mqtt: 'MQTT',
  graphql: 'GraphQL',
  'json-rpc': 'JSON-RPC',
};

const FIELD_PLACEHOLDERS: Record<string, string> = {
  event: 'chat message',
  namespace: '/admin',
  destination: '/topic/prices.*',
  topic: 'sensors/*',
  operation: 'OnPriceChanged',
  method: 'eth_*',
};

function protocolCondition(protocol: FieldProtocol, value = ''): Condition {
  return { kind: 'protocol', protocol, field: PROTOCOL_FIELDS[protocol][0], value };
}

function blank(kind: Condition['kind']): Condition {
  if (kind === 'text') return { kind, text: '' };
  if (kind === 'regex') return { kind, pattern: '', flags: '' };
  if (kind === 'json') return { kind, path: '' };
  if (kind === 'protocol') return protocolCondition('socket.io');
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
      {condition.kind === 'protocol' && (
        <>
          <select
            aria-label={`${props.label}: protocol`}
            value={condition.protocol}
            onChange={(event) => onChange(protocolCondition(event.currentTarget.value as FieldProtocol, condition.value))}
          >
            {(Object.keys(PROTOCOL_NAMES) as FieldProtocol[]).map((protocol) => (
              <option key={protocol} value={protocol}>
                {PROTOCOL_NAMES[protocol]}
              </option>
            ))}
          </select>
          <select
            aria-label={`${props.label}: protocol field`}
            value={condition.field}
            onChange={(event) => onChange({ ...condition, field: event.currentTarget.value })}
          >
            {PROTOCOL_FIELDS[condition.protocol].map((field) => (
              <option key={field} value={field}>
                {field}
              </option>
            ))}
          </select>
          <input
            aria-label={`${props.label}: field value`}
            title="* stands for any run of characters; empty: any value"
            placeholder={FIELD_PLACEHOLDERS[condition.field] ?? ''}
            value={condition.value}
            onInput={(event) => onChange({ ...condition, value: event.currentTarget.value })}
          />
        </>
      )}
    </fieldset>
  );
}
