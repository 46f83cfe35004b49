// The detail pane's line about the selected message's pair: its latency and a jump to the answer, or the
// request it answers and a jump back.
import type { StoredMessage } from '../../db/message-chunks';
import { usePanel } from '../usePanel';
import { formatLatency } from './pair-text';
import './pairs.css';

export function PairLinks({ message }: { message: StoredMessage }) {
  const panel = usePanel();
  void panel.pairs.version.value;
  const pairs = panel.pairs.pairs;
  const request = pairs.requestOf(message.id);
  if (request !== undefined) {
    const latency = pairs.latencyOf(request);
    return (
      <div class="pair-links">
        <span>
          Answers request #{request}
          {latency !== undefined && pairs.answersOf(request)[0] === message.id && ` after ${formatLatency(latency)}`}
        </span>
        <button type="button" onClick={() => panel.jumpTo(request)}>
          Jump to request
        </button>
      </div>
    );
  }
  if (!pairs.isRequest(message.id)) return null;
  const answers = pairs.answersOf(message.id);
  const latency = pairs.latencyOf(message.id);
  if (answers.length === 0 || latency === undefined) return <div class="pair-links">A request with no answer yet</div>;
  return (
    <div class="pair-links">
      <span>
        Answered in {formatLatency(latency)}
        {answers.length > 1 && ` (${answers.length} answers)`}
      </span>
      <button type="button" onClick={() => panel.jumpTo(answers[0]!)}>
        Jump to answer
      </button>
    </div>
  );
}
