// Pairing for JSON traffic with no decoded protocol: the field that carries a request's id is found by
// looking for the candidate whose values, sent by the client, come back from the server.
import { jsonField, jsonScalar, parseJson, type JsonValue } from '../../protocols/json';
import type { Correlation } from '../../protocols/types';

/** Names apps give a correlation id, most common first. */
export const CANDIDATE_FIELDS = [
  'id',
  'requestId',
  'request_id',
  'reqId',
  'correlationId',
  'correlation_id',
  'ref',
  'rid',
  'seq',
  'messageId',
  'msgId',
  'callId',
  'call_id',
  'cid',
  'tid',
  'txid',
  'nonce',
] as const;

/** A dotted path into a JSON object ("id", "meta.requestId"). */
export function fieldAt(value: JsonValue | undefined, path: string): string | undefined {
  let node = value;
  for (const part of path.split('.')) node = jsonField(node, part);
  return jsonScalar(node);
}

export interface SampleMessage {
  direction: 'send' | 'receive';
  text: string;
}

/**
 * The candidate field whose sent values most often come back in received messages, or undefined when
 * none pairs at least two requests (one coincidence is not a protocol).
 */
export function chooseCorrelationField(samples: readonly SampleMessage[]): string | undefined {
  const sentValues = new Map<string, Set<string>>();
  const matches = new Map<string, number>();
  for (const sample of samples) {
    const parsed = parseJson(sample.text);
    if (!parsed.ok || parsed.value.kind !== 'object') continue;
    for (const field of CANDIDATE_FIELDS) {
      const value = fieldAt(parsed.value, field);
      if (value === undefined) continue;
      let sent = sentValues.get(field);
      if (sample.direction === 'send') {
        if (!sent) sentValues.set(field, (sent = new Set()));
        sent.add(value);
      } else if (sent?.delete(value)) {
        matches.set(field, (matches.get(field) ?? 0) + 1);
      }
    }
  }
  let best: string | undefined;
  let bestCount = 1;
  for (const field of CANDIDATE_FIELDS) {
    const count = matches.get(field) ?? 0;
    if (count > bestCount) {
      best = field;
      bestCount = count;
    }
  }
  return best;
}

/** The correlation a JSON message carries in `path`: sent messages ask, received ones answer. */
export function jsonCorrelation(message: SampleMessage, path: string): Correlation | undefined {
  const parsed = parseJson(message.text);
  if (!parsed.ok) return undefined;
  const id = fieldAt(parsed.value, path);
  if (id === undefined) return undefined;
  return { role: message.direction === 'send' ? 'request' : 'response', scope: `json:${path}`, id };
}
