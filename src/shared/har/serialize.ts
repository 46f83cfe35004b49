// HAR → JSON text in pieces, so a large export becomes a Blob without one giant string or a frozen UI.
import type { HarEntry, HarRoot } from './types';

/** Messages per piece of an entry's _webSocketMessages. */
const MESSAGES_PER_PIECE = 1000;

/** JSON text of `root` as consecutive pieces; their concatenation parses back to `root`. */
export function* harJsonPieces(root: HarRoot): Generator<string> {
  const { entries, ...logHead } = root.log;
  const head = JSON.stringify({ log: { ...logHead, entries: [] } });
  // head ends with `]}}`: open the entries array in its place.
  yield head.slice(0, -3);
  let firstEntry = true;
  for (const entry of entries) {
    yield firstEntry ? '' : ',';
    firstEntry = false;
    yield* entryPieces(entry);
  }
  yield ']}}';
}

function* entryPieces(entry: HarEntry): Generator<string> {
  const { _webSocketMessages: messages, ...rest } = entry;
  if (!messages || messages.length <= MESSAGES_PER_PIECE) {
    yield JSON.stringify(entry);
    return;
  }
  const head = JSON.stringify({ ...rest, _webSocketMessages: [] });
  yield head.slice(0, -2); // without the closing `]}`
  for (let start = 0; start < messages.length; start += MESSAGES_PER_PIECE) {
    const slice = JSON.stringify(messages.slice(start, start + MESSAGES_PER_PIECE)).slice(1, -1);
    yield start === 0 ? slice : `,${slice}`;
  }
  yield ']}';
}
