// What the table and the detail pane say of a message's pair: its latency, or that it answers a request.
import type { PairIndex } from './pairing';

export interface PairNote {
  text: string;
  title: string;
}

/** Milliseconds as people read latencies: 0.4 ms, 12 ms, 1.25 s. */
export function formatLatency(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The Latency cell: a request's time to its first answer (or none yet), an answer's to its request. */
export function pairNote(pairs: PairIndex, messageId: number): PairNote | undefined {
  const request = pairs.requestOf(messageId);
  if (request !== undefined) {
    const latency = pairs.latencyOf(request);
    const first = pairs.answersOf(request)[0] === messageId;
    return {
      text: first && latency !== undefined ? `↩ ${formatLatency(latency)}` : '↩',
      title: `Answers request #${request}${first ? '' : ' (a later answer)'}`,
    };
  }
  if (!pairs.isRequest(messageId)) return undefined;
  const latency = pairs.latencyOf(messageId);
  if (latency === undefined) return { text: 'no answer', title: 'A request with no answer (yet)' };
  const answers = pairs.answersOf(messageId).length;
  return { text: formatLatency(latency), title: `Answered in ${formatLatency(latency)}${answers > 1 ? `; ${answers} answers` : ''}` };
}
