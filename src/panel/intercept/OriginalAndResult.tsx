// A message a rule or an edit changed: what the page (or the server) sent, beside what went on.
import type { InterceptMark } from '../../shared/intercept';
import type { Payload } from '../../shared/models';
import { base64ToBytes } from '../format';
import { bytesToHex } from '../replay/payload-edit';
import './intercept.css';

function shown(payload: { kind: 'text' | 'binary'; data: string }): string {
  if (payload.kind === 'text') return payload.data;
  try {
    return bytesToHex(base64ToBytes(payload.data));
  } catch {
    return payload.data;
  }
}

export function OriginalAndResult(props: { mark: InterceptMark; result: string | undefined; resultKind: Payload['kind'] }) {
  const { mark } = props;
  const original = mark.original!;
  return (
    <section class="original-and-result" aria-label="Original and result">
      <p class="wsi-hint">{mark.steps.map((step) => `${step.action} by ${step.by}`).join(' · ')}</p>
      <div class="side-by-side">
        <figure>
          <figcaption>Original{original.truncated ? ' (cut)' : ''}</figcaption>
          <pre aria-label="Original payload">{shown(original)}</pre>
        </figure>
        <figure>
          <figcaption>Result</figcaption>
          <pre aria-label="Resulting payload">{props.result ?? ''}</pre>
        </figure>
      </div>
    </section>
  );
}
