// A structural diff of two JSON values, exact: values compare and print as sent (numbers by their digits).
import { stringifyJson, type JsonValue } from '../../protocols/json';

export interface JsonChange {
  /** JSON-path-like: `$.items[2].price`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** Exact JSON text of the value before (removed, changed). */
  before?: string;
  /** Exact JSON text of the value after (added, changed). */
  after?: string;
}

/** Changes from `before` to `after`, in document order; objects by key (first of a repeated key), arrays by index. */
export function diffJson(before: JsonValue, after: JsonValue): JsonChange[] {
  const changes: JsonChange[] = [];
  walk(before, after, '$');
  return changes;

  function walk(left: JsonValue, right: JsonValue, path: string): void {
    if (left.kind === 'object' && right.kind === 'object') {
      const rightEntries = firstEntries(right);
      const leftEntries = firstEntries(left);
      for (const [key, value] of leftEntries) {
        const other = rightEntries.get(key);
        if (other === undefined) changes.push({ path: childPath(path, key), kind: 'removed', before: stringifyJson(value) });
        else walk(value, other, childPath(path, key));
      }
      for (const [key, value] of rightEntries) {
        if (!leftEntries.has(key)) changes.push({ path: childPath(path, key), kind: 'added', after: stringifyJson(value) });
      }
      return;
    }
    if (left.kind === 'array' && right.kind === 'array') {
      const shared = Math.min(left.items.length, right.items.length);
      for (let i = 0; i < shared; i++) walk(left.items[i]!, right.items[i]!, `${path}[${i}]`);
      for (let i = shared; i < left.items.length; i++) changes.push({ path: `${path}[${i}]`, kind: 'removed', before: stringifyJson(left.items[i]!) });
      for (let i = shared; i < right.items.length; i++) changes.push({ path: `${path}[${i}]`, kind: 'added', after: stringifyJson(right.items[i]!) });
      return;
    }
    const beforeText = stringifyJson(left);
    const afterText = stringifyJson(right);
    if (beforeText !== afterText) changes.push({ path, kind: 'changed', before: beforeText, after: afterText });
  }
}

function firstEntries(value: JsonValue & { kind: 'object' }): Map<string, JsonValue> {
  const entries = new Map<string, JsonValue>();
  for (const [key, child] of value.entries) if (!entries.has(key)) entries.set(key, child);
  return entries;
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
