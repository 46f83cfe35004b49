// Hex dump lines split into marked segments (for colouring), built on the shared `hexdump -C`
// formatter so the text of a line is exactly what HexDump shows and copies.
import { hexDumpLines, hexDumpLineText } from '../format';
import type { ByteRegion, RegionKind } from './frameAnatomy';

/** What a byte of the dump is: part of a frame, the byte an error points at, or not parsed. */
export type DumpMark = RegionKind | 'error' | 'unparsed';

export interface DumpSegment {
  text: string;
  mark: DumpMark | null;
}

export interface AnnotatedLine {
  offset: string;
  hex: DumpSegment[];
  ascii: DumpSegment[];
  /** The plain line, as hexDumpLineText gives it. */
  text: string;
}

export const BYTES_PER_LINE = 16;

/**
 * Returns the mark of each byte: the region containing it, 'error' at errorOffset, 'unparsed'
 * for bytes no region covers. Regions must be sorted and not overlap.
 */
export function markLookup(regions: readonly ByteRegion[], errorOffset?: number): (index: number) => DumpMark {
  return (index) => {
    if (index === errorOffset) return 'error';
    let low = 0;
    let high = regions.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const region = regions[middle]!;
      if (index < region.start) high = middle - 1;
      else if (index >= region.end) low = middle + 1;
      else return region.kind;
    }
    return 'unparsed';
  };
}

/** Lines for bytes [start, end), start a multiple of 16, each cut into runs of equally marked bytes. */
export function annotatedLines(bytes: Uint8Array, markOf: (index: number) => DumpMark | null, start = 0, end = bytes.length): AnnotatedLine[] {
  return hexDumpLines(bytes, start, end).map((line, lineIndex) => {
    const lineStart = start + lineIndex * BYTES_PER_LINE;
    const count = Math.min(BYTES_PER_LINE, end - lineStart);
    return {
      offset: line.offset,
      hex: segmentsOf(line.hex, count, lineStart, markOf, hexColumn, 2),
      ascii: segmentsOf(line.ascii, count, lineStart, markOf, (i) => i, 1),
      text: hexDumpLineText(line),
    };
  });
}

/** Column of byte i in hexDumpLines' hex text: "xx " per byte and an extra space after the eighth. */
function hexColumn(i: number): number {
  return i * 3 + (i >= 8 ? 1 : 0);
}

/** Cuts `text` into runs of equally marked bytes; the gaps between runs stay as unmarked text. */
function segmentsOf(
  text: string,
  count: number,
  lineStart: number,
  markOf: (index: number) => DumpMark | null,
  columnOf: (i: number) => number,
  width: number,
): DumpSegment[] {
  const segments: DumpSegment[] = [];
  let column = 0;
  let i = 0;
  while (i < count) {
    const mark = markOf(lineStart + i);
    let last = i;
    while (last + 1 < count && markOf(lineStart + last + 1) === mark) last++;
    const from = columnOf(i);
    const to = columnOf(last) + width;
    if (from > column) segments.push({ text: text.slice(column, from), mark: null });
    segments.push({ text: text.slice(from, to), mark });
    column = to;
    i = last + 1;
  }
  if (column < text.length) segments.push({ text: text.slice(column), mark: null });
  return segments;
}
