import { FrameParser, type ParserEvent, type ParserOptions } from './parser.ts';

/** Parses a whole captured stream at once, including the end-of-stream check. */
export function decodeStream(bytes: Uint8Array, options: ParserOptions): ParserEvent[] {
  const parser = new FrameParser(options);
  return [...parser.push(bytes), ...parser.finish()];
}
