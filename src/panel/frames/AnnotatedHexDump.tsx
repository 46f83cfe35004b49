// A hex dump coloured by region (header, extended length, masking key, payload, error byte), with
// a legend. Shows the first 4 KB and grows on request, so a large payload never builds a huge DOM.
import { useState } from 'preact/hooks';
import { annotatedLines, BYTES_PER_LINE, type DumpMark, type DumpSegment } from './annotatedDump';
import { REGION_LABELS } from './frameAnatomy';
import './frames.css';

export const DUMP_PAGE_BYTES = 4096;

const MARK_LABELS: Record<DumpMark, string> = {
  ...REGION_LABELS,
  error: 'Error offset',
  unparsed: 'Not parsed',
};

export interface AnnotatedHexDumpProps {
  bytes: Uint8Array;
  markOf: (index: number) => DumpMark | null;
  /** Which marks the legend lists. */
  legend: readonly DumpMark[];
  /** A byte that must be visible from the start (an error offset). */
  focusOffset?: number;
  label: string;
}

export function AnnotatedHexDump({ bytes, markOf, legend, focusOffset, label }: AnnotatedHexDumpProps) {
  const initial = Math.max(DUMP_PAGE_BYTES, roundUpToLine((focusOffset ?? 0) + 1));
  const [shown, setShown] = useState(initial);
  const end = Math.min(bytes.length, shown);
  if (bytes.length === 0) return <div class="wsi-hint">No bytes.</div>;
  return (
    <div class="annotated-dump">
      {legend.length > 0 && (
        <div class="dump-legend" aria-label="Legend">
          {legend.map((mark) => (
            <span key={mark} class={`dump-legend-item dump-${mark}`}>
              {MARK_LABELS[mark]}
            </span>
          ))}
        </div>
      )}
      <div class="hex-dump dump-lines" role="table" aria-label={label}>
        {annotatedLines(bytes, markOf, 0, end).map((line) => (
          <div key={line.offset} class="hex-line" role="row" data-line={line.text}>
            <span class="hex-offset">{line.offset}</span>
            {'  '}
            <Segments segments={line.hex} />
            {'  |'}
            <Segments segments={line.ascii} />
            {'|'}
          </div>
        ))}
      </div>
      {end < bytes.length && (
        <div class="wsi-row">
          <span class="wsi-hint">
            Showing {end} of {bytes.length} bytes.
          </span>
          <button type="button" onClick={() => setShown(shown + DUMP_PAGE_BYTES * 4)}>
            Show more
          </button>
        </div>
      )}
    </div>
  );
}

function Segments({ segments }: { segments: DumpSegment[] }) {
  return (
    <>
      {segments.map((segment, index) =>
        segment.mark ? (
          <span key={index} class={`dump-${segment.mark}`}>
            {segment.text}
          </span>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}

function roundUpToLine(byteCount: number): number {
  return Math.ceil(byteCount / BYTES_PER_LINE) * BYTES_PER_LINE;
}
