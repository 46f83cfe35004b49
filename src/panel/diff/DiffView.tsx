// Two messages compared, above the table: JSON by path (added, removed, changed, exact values), other
// payloads as a text diff. Loaded on first use. Payloads are rendered as text nodes only.
import { useEffect, useState } from 'preact/hooks';
import { usePanel } from '../usePanel';
import { comparePayloads, type Comparison } from './compare-payloads';
import './diff.css';

type Loaded = { ok: true; comparison: Comparison } | { ok: false; error: string };

export function DiffView({ before, after }: { before: number; after: number }) {
  const panel = usePanel();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let open = true;
    setLoaded(null);
    void Promise.all([panel.data.payloadOf(before), panel.data.payloadOf(after)]).then(([left, right]) => {
      if (!open) return;
      if (!left || !right) return setLoaded({ ok: false, error: 'The payload of one of them is no longer stored.' });
      // Binary payloads are stored as base64 and compare as that text: equal bytes give equal text.
      setLoaded({ ok: true, comparison: comparePayloads(left.data, right.data) });
    });
    return () => {
      open = false;
    };
  }, [before, after]);

  return (
    <section class="diff-view" aria-label={`Differences from #${before} to #${after}`}>
      <div class="diff-bar">
        <span class="diff-title">
          #{before} → #{after}
        </span>
        <button type="button" onClick={() => panel.jumpTo(before)}>
          Show #{before}
        </button>
        <button type="button" onClick={() => panel.jumpTo(after)}>
          Show #{after}
        </button>
        <button type="button" class="diff-close" aria-label="Close the comparison" onClick={() => panel.compare.close()}>
          ✕
        </button>
      </div>
      <div class="diff-body">{loaded === null ? <div class="wsi-hint">Loading…</div> : <DiffBody loaded={loaded} />}</div>
    </section>
  );
}

function DiffBody({ loaded }: { loaded: Loaded }) {
  if (!loaded.ok) return <div class="wsi-error">{loaded.error}</div>;
  const { comparison } = loaded;
  if (comparison.kind === 'json') {
    if (comparison.changes.length === 0) return <div class="wsi-hint">The same JSON.</div>;
    return (
      <table class="json-diff">
        <thead>
          <tr>
            <th>Path</th>
            <th>Change</th>
            <th>Before</th>
            <th>After</th>
          </tr>
        </thead>
        <tbody>
          {comparison.changes.map((change) => (
            <tr key={change.path} class={`diff-${change.kind}`}>
              <td class="diff-path">{change.path}</td>
              <td>{change.kind}</td>
              <td class="diff-before">{change.before ?? ''}</td>
              <td class="diff-after">{change.after ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  if (comparison.runs.every((run) => run.kind === 'equal')) return <div class="wsi-hint">The same text.</div>;
  return (
    <pre class="text-diff">
      {comparison.runs.map((run, index) =>
        run.kind === 'equal' ? (
          <span key={index}>{run.text}</span>
        ) : run.kind === 'insert' ? (
          <ins key={index}>{run.text}</ins>
        ) : (
          <del key={index}>{run.text}</del>
        ),
      )}
    </pre>
  );
}
