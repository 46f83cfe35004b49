// What comparing two payloads shows: a structural diff when both are JSON, else a text diff. Pure.
import { parseJson } from '../../protocols/json';
import { diffJson, type JsonChange } from './json-diff';
import { diffText, type DiffRun } from './text-diff';

export type Comparison = { kind: 'json'; changes: JsonChange[] } | { kind: 'text'; runs: DiffRun[] };

export function comparePayloads(before: string, after: string): Comparison {
  const left = parseJson(before);
  const right = parseJson(after);
  if (left.ok && right.ok) return { kind: 'json', changes: diffJson(left.value, right.value) };
  return { kind: 'text', runs: diffText(before, after) };
}
