/**
 * Reads bytes written as text: plain hex ("81 05 48 65", "81:05:48", "810548") or a dump with
 * offsets (xxd, `hexdump -C`, Wireshark "Copy as Hex Dump", `tcpdump -X`), where the offset
 * column and the trailing ASCII column are dropped.
 */
export type HexParseResult = { ok: true; bytes: Uint8Array; format: 'plain' | 'dump' } | { ok: false; error: string; line: number; column: number };

const HEX_DIGIT = /^[0-9a-fA-F]$/;
/** A dump's first line starts at offset zero: "0000", "00000000:", "0x0000:". */
const DUMP_FIRST_LINE = /^\s*(0x)?0{4,}:?\s/i;
const OFFSET = /^\s*(?:0x)?([0-9a-fA-F]+):?(?=\s|$)/;
/** Bytes per line when a dump has a single line to learn it from. */
const DEFAULT_BYTES_PER_LINE = 16;
/** Wider than any gap inside a dump's hex column: what follows is the ASCII column. */
const ASCII_COLUMN_GAP = 3;

export function parseHexText(text: string): HexParseResult {
  const lines = text.split(/\r\n|\n|\r/);
  const firstContent = lines.find((line) => line.trim() !== '');
  if (firstContent !== undefined && DUMP_FIRST_LINE.test(firstContent + ' ')) return parseDump(lines);
  return parsePlain(lines);
}

function parsePlain(lines: string[]): HexParseResult {
  const bytes: number[] = [];
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex]!;
    let runStart = -1;
    for (let column = 0; column <= line.length; column++) {
      const char = line[column];
      if (char !== undefined && HEX_DIGIT.test(char)) {
        if (runStart < 0) runStart = column;
        continue;
      }
      if (runStart >= 0) {
        const failure = pushHexRun(line, runStart, column, lineIndex, bytes);
        if (failure) return failure;
        runStart = -1;
      }
      if (char !== undefined && !/[\s:,]/.test(char)) {
        return bad(`unexpected character ${JSON.stringify(char)} in hex input`, lineIndex, column);
      }
    }
  }
  return { ok: true, bytes: Uint8Array.from(bytes), format: 'plain' };
}

function parseDump(lines: string[]): HexParseResult {
  const rows: { lineIndex: number; offset: number; start: number }[] = [];
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex]!;
    if (line.trim() === '' || line.trim() === '*') continue;
    const match = OFFSET.exec(line);
    if (!match) return bad('expected an offset at the start of a dump line', lineIndex, line.search(/\S/));
    rows.push({ lineIndex, offset: parseInt(match[1]!, 16), start: match[0].length });
  }
  const bytesPerLine = rows.length > 1 && rows[1]!.offset > rows[0]!.offset ? rows[1]!.offset - rows[0]!.offset : DEFAULT_BYTES_PER_LINE;
  const bytes: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const { lineIndex, offset, start } = rows[r]!;
    const next = rows[r + 1];
    const limit = next && next.offset > offset ? next.offset - offset : bytesPerLine;
    const line = lines[lineIndex]!;
    const lineStartLength = bytes.length;
    let column = start;
    for (;;) {
      const gapStart = column;
      while (column < line.length && /\s/.test(line[column]!)) column++;
      const taken = bytes.length - lineStartLength;
      if (column >= line.length || taken >= limit || line[column] === '|') break;
      if (taken > 0 && column - gapStart >= ASCII_COLUMN_GAP) break;
      let tokenEnd = column;
      while (tokenEnd < line.length && !/\s/.test(line[tokenEnd]!)) tokenEnd++;
      const token = line.slice(column, tokenEnd);
      if (!/^[0-9a-fA-F]+$/.test(token)) {
        if (taken > 0) break; // the ASCII column
        return bad(`expected hex bytes, found ${JSON.stringify(token)}`, lineIndex, column);
      }
      const failure = pushHexRun(line, column, tokenEnd, lineIndex, bytes);
      if (failure) return failure;
      column = tokenEnd;
    }
  }
  return { ok: true, bytes: Uint8Array.from(bytes), format: 'dump' };
}

/** Appends line[start..end), a run of hex digits that must pair up into whole bytes. */
function pushHexRun(line: string, start: number, end: number, lineIndex: number, bytes: number[]): HexParseResult | null {
  if ((end - start) % 2 !== 0) return bad('odd number of hex digits (a byte needs two)', lineIndex, start);
  for (let i = start; i < end; i += 2) bytes.push(parseInt(line.slice(i, i + 2), 16));
  return null;
}

function bad(error: string, lineIndex: number, columnIndex: number): HexParseResult {
  return { ok: false, error, line: lineIndex + 1, column: columnIndex + 1 };
}

/** True when the bytes are printable ASCII text (with line breaks and tabs), as hex input is. */
export function isPrintableAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte > 0x7e || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)) return false;
  }
  return true;
}
