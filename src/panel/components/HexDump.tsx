// Binary as `hexdump -C` lines, virtualized so megabyte payloads stay responsive.
import { hexDumpLines, hexDumpLineText } from '../format';
import { VirtualList } from './VirtualList';

const LINE_HEIGHT = 18;
const BYTES_PER_LINE = 16;

export function HexDump({ bytes }: { bytes: Uint8Array }) {
  const lineCount = Math.ceil(bytes.length / BYTES_PER_LINE);
  if (lineCount === 0) return <div class="empty-table">Empty payload.</div>;
  return (
    <VirtualList
      class="hex-dump"
      count={lineCount}
      rowHeight={LINE_HEIGHT}
      attributes={{ role: 'table', 'aria-label': 'Hex dump' }}
      renderRow={(index) => {
        const start = index * BYTES_PER_LINE;
        const [line] = hexDumpLines(bytes, start, Math.min(start + BYTES_PER_LINE, bytes.length));
        // Spans for colouring; their text concatenates to exactly the copyable line.
        return (
          <div key={index} class="hex-line" role="row" data-line={hexDumpLineText(line!)}>
            <span class="hex-offset">{line!.offset}</span>
            {'  '}
            <span class="hex-bytes">{line!.hex}</span>
            {'  |'}
            <span class="hex-ascii">{line!.ascii}</span>
            {'|'}
          </div>
        );
      }}
    />
  );
}

/** The whole dump as text, for the copy button. */
export function hexDumpText(bytes: Uint8Array): string {
  return hexDumpLines(bytes).map(hexDumpLineText).join('\n');
}
