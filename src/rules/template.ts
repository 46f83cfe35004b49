// Mock replies built from a template and the request they answer:
//   {{request}}        the whole request text
//   {{$1}} {{$<name>}} a group of the rule's regular-expression condition ({{$0}}: the whole match)
//   {{PATH}}           a field of the JSON request as JSON (a string with its quotes; null when missing)
//   {{text:PATH}}      the same field as text (a string without quotes; '' when missing)
// so `{"id": {{id}}, "ok": true}` answers a request with its own id.
import { RuleSyntaxError } from './errors';
import { parseJsonPath, readPath, fieldText, stringifyJson, type JsonPath, type JsonValue } from './json-path';
import { newList, stringCharCodeAt, stringIndexOf, stringSlice, type List } from '../worlds/pristine';

type Part = { t: 'literal'; text: string } | { t: 'request' } | { t: 'group'; index: number; name: string } | { t: 'field'; path: JsonPath; asText: boolean };

export interface Template {
  parts: List<Part>;
  /** Whether any part reads the request's JSON (so it is parsed only when needed). */
  readsJson: boolean;
}

/** What a reply may draw on: the request, its JSON (parsed on demand) and the condition's groups. */
export interface TemplateInput {
  text: string;
  json(): JsonValue | undefined;
  group(index: number, name: string): string;
}

export function compileTemplate(source: string): Template {
  const parts = newList<Part>();
  let readsJson = false;
  let at = 0;
  while (at < source.length) {
    const open = stringIndexOf(source, '{{', at);
    if (open < 0) break;
    const close = stringIndexOf(source, '}}', open + 2);
    if (close < 0) throw new RuleSyntaxError(`"{{" at position ${open + 1} of the template is not closed`);
    if (open > at) parts[parts.length] = { t: 'literal', text: stringSlice(source, at, open) };
    const inner = trim(stringSlice(source, open + 2, close));
    const part = placeholder(inner);
    if (part.t === 'field') readsJson = true;
    parts[parts.length] = part;
    at = close + 2;
  }
  if (at < source.length) parts[parts.length] = { t: 'literal', text: stringSlice(source, at) };
  return { parts, readsJson };
}

function placeholder(inner: string): Part {
  if (inner === 'request') return { t: 'request' };
  if (inner.length >= 2 && stringCharCodeAt(inner, 0) === 0x24) {
    const second = stringCharCodeAt(inner, 1);
    if (second === 0x3c && stringCharCodeAt(inner, inner.length - 1) === 0x3e) return { t: 'group', index: -1, name: stringSlice(inner, 2, inner.length - 1) };
    if (inner.length === 2 && second >= 0x30 && second <= 0x39) return { t: 'group', index: second - 0x30, name: '' };
  }
  if (inner.length > 5 && stringSlice(inner, 0, 5) === 'text:') return { t: 'field', path: parseJsonPath(trim(stringSlice(inner, 5))), asText: true };
  if (inner === '') throw new RuleSyntaxError('empty {{ }} in the template');
  return { t: 'field', path: parseJsonPath(inner), asText: false };
}

function trim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && stringCharCodeAt(text, start) === 0x20) start++;
  while (end > start && stringCharCodeAt(text, end - 1) === 0x20) end--;
  return stringSlice(text, start, end);
}

export function renderTemplate(template: Template, input: TemplateInput): string {
  let out = '';
  const json = template.readsJson ? input.json() : undefined;
  for (let index = 0; index < template.parts.length; index++) {
    const part = template.parts[index]!;
    switch (part.t) {
      case 'literal':
        out += part.text;
        break;
      case 'request':
        out += input.text;
        break;
      case 'group':
        out += input.group(part.index, part.name);
        break;
      case 'field': {
        const field = json === undefined ? { found: false, value: undefined } : readPath(json, part.path);
        if (part.asText) out += field.found ? fieldText(field.value) : '';
        else out += field.found ? stringifyJson(field.value) : 'null';
        break;
      }
    }
  }
  return out;
}
