// Edits a payload: text with JSON checking and formatting, or binary as hex with validation.
import { bytesToBase64 } from '../format';
import type { PayloadInput } from '../../shared/messages';
import { bytesToHex, checkJsonText, formatJson, parseHex } from './payload-edit';

export interface PayloadDraft {
  kind: 'text' | 'binary';
  text: string;
  hex: string;
}

export function draftFrom(kind: 'text' | 'binary', text: string | undefined, bytes: Uint8Array | undefined): PayloadDraft {
  return kind === 'text' ? { kind, text: text ?? '', hex: '' } : { kind, text: '', hex: bytesToHex(bytes ?? new Uint8Array()) };
}

export type DraftCheck = { ok: true; payload: PayloadInput; note?: string } | { ok: false; error: string };

export function checkDraft(draft: PayloadDraft): DraftCheck {
  if (draft.kind === 'binary') {
    const parsed = parseHex(draft.hex);
    if (!parsed.ok) return parsed;
    return { ok: true, payload: { kind: 'binary', data: bytesToBase64(parsed.bytes) }, note: `${parsed.bytes.length} bytes` };
  }
  const json = checkJsonText(draft.text);
  if (!json.ok) return json;
  return { ok: true, payload: { kind: 'text', data: draft.text }, note: json.isJson ? 'Valid JSON' : 'Plain text' };
}

export function PayloadEditor(props: { draft: PayloadDraft; onChange: (draft: PayloadDraft) => void }) {
  const { draft, onChange } = props;
  const check = checkDraft(draft);
  const switchKind = (kind: 'text' | 'binary') => {
    if (kind === draft.kind) return;
    if (kind === 'binary') {
      onChange({ kind, text: draft.text, hex: bytesToHex(new TextEncoder().encode(draft.text)) });
      return;
    }
    const parsed = parseHex(draft.hex);
    const text = parsed.ok ? new TextDecoder().decode(parsed.bytes) : draft.text;
    onChange({ kind, text, hex: draft.hex });
  };
  return (
    <div class="wsi-field">
      <div class="wsi-row" role="radiogroup" aria-label="Payload type">
        <label>
          <input type="radio" name="payload-kind" checked={draft.kind === 'text'} onChange={() => switchKind('text')} /> Text
        </label>
        <label>
          <input type="radio" name="payload-kind" checked={draft.kind === 'binary'} onChange={() => switchKind('binary')} /> Binary (hex)
        </label>
        <span class="grow" />
        {draft.kind === 'text' && (
          <button
            type="button"
            title="Pretty-print the JSON"
            disabled={formatJson(draft.text) === null}
            onClick={() => onChange({ ...draft, text: formatJson(draft.text) ?? draft.text })}
          >
            Format JSON
          </button>
        )}
      </div>
      <textarea
        aria-label={draft.kind === 'text' ? 'Message text' : 'Message bytes in hex'}
        spellcheck={false}
        value={draft.kind === 'text' ? draft.text : draft.hex}
        placeholder={draft.kind === 'text' ? 'Message text' : '00 01 02 ff'}
        onInput={(event) => onChange(draft.kind === 'text' ? { ...draft, text: event.currentTarget.value } : { ...draft, hex: event.currentTarget.value })}
      />
      {check.ok ? <span class="wsi-hint payload-check">{check.note}</span> : <span class="wsi-error payload-check">{check.error}</span>}
    </div>
  );
}
