// SignalR's JSON hub protocol: each record a JSON object terminated by the record separator 0x1E, several
// records per WebSocket message. Read with parseJson so arguments and results keep their digits.
import { jsonChildren, jsonField, parseJson, type JsonValue } from './json.ts';
import { withArticle } from './packed-value.ts';
import { brokenItem, COMPLETION, hubItem, hubProblem, type HubMessage } from './signalr-hub.ts';
import type { DecodedItem } from './types.ts';

export const RECORD_SEPARATOR = '\x1e';

/** The records of a text message; `tail` is what follows the last separator ('' when the message ends with one). */
export function splitRecords(text: string): { records: string[]; tail: string } {
  const parts = text.split(RECORD_SEPARATOR);
  const tail = parts.pop() ?? '';
  return { records: parts, tail };
}

/** The items of a text message of JSON records. */
export function jsonRecordItems(text: string, direction: 'send' | 'receive'): DecodedItem[] {
  const { records, tail } = splitRecords(text);
  const items = records.map((record, index) => jsonRecordItem(record, direction, records.length > 1 ? `record ${index + 1}: ` : ''));
  if (tail.trim() !== '') items.push(brokenItem(`${tail.length} characters after the last record separator (0x1E): a record must end with one`));
  else if (records.length === 0) items.push(brokenItem('empty message: no record'));
  return items;
}

function jsonRecordItem(record: string, direction: 'send' | 'receive', where: string): DecodedItem {
  const parsed = parseJson(record);
  if (!parsed.ok) return brokenItem(`${where}not JSON: ${parsed.error}`);
  const { value } = parsed;
  const tree = jsonChildren(value);
  if (value.kind !== 'object') return brokenItem(`${where}a hub message is a JSON object, not ${describeKind(value)}`, tree);
  const type = jsonField(value, 'type');
  if (type?.kind !== 'number' || !/^\d{1,9}$/.test(type.raw)) return brokenItem(`${where}no numeric "type" in the record`, tree);
  const wrongTypes: string[] = [];
  const text = (name: string) => {
    const field = jsonField(value, name);
    if (field === undefined || field.kind === 'null') return undefined;
    if (field.kind === 'string') return field.value;
    wrongTypes.push(`"${name}" is ${describeKind(field)}, not a string`);
    return undefined;
  };
  const sequence = jsonField(value, 'sequenceId');
  const message: HubMessage = {
    code: Number(type.raw),
    invocationId: text('invocationId'),
    target: text('target'),
    error: text('error'),
    sequenceId: sequence?.kind === 'number' ? sequence.raw : undefined,
    tree,
  };
  const arrayOf = jsonField(value, 'arguments')?.kind === 'array';
  let problem = wrongTypes[0] ?? hubProblem(message, { arguments: arrayOf, item: jsonField(value, 'item') !== undefined });
  if (problem === undefined && message.code === COMPLETION && message.error !== undefined && jsonField(value, 'result') !== undefined) {
    problem = 'Completion with both a result and an error';
  }
  if (problem !== undefined) message.problem = where + problem;
  return hubItem(message, direction);
}

function describeKind(value: JsonValue): string {
  return withArticle(value.kind);
}
