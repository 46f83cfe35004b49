// STOMP 1.0-1.2 over WebSocket (and inside SockJS): each message holds zero or more frames
//   COMMAND EOL *(name:value EOL) EOL body NUL *EOL
// a message of EOLs alone is a heart-beat. Bodies run to the NUL, or for content-length octets (then may
// hold NULs); text or binary WebSocket messages alike. Header values are unescaped (\r \n \c \\) in 1.1/1.2,
// never in CONNECT/CONNECTED frames, nor in 1.0.
import { parseJson, jsonToTree } from './json.ts';
import { bytesNode, leaf, preview, utf8OrUndefined } from './tree-nodes.ts';
import { summarize, type ConnectionContext, type DecodedItem, type DecodedMessage, type MessageInput, type ProtocolDecoder, type TreeNode } from './types.ts';

export type StompVersion = '1.0' | '1.1' | '1.2';

export interface StompState {
  /** From the chosen sub-protocol, then from CONNECTED's version header; undefined: read as 1.2. */
  version: StompVersion | undefined;
  /** Per direction, the start of a frame whose end is still to come (stompjs's splitLargeFrames sends big frames in chunks). */
  partial: Partial<Record<MessageInput['direction'], { bytes: Uint8Array; command: string }>>;
}

/** What one message holds: its frames, and whether it began by continuing the previous message's frame. */
export interface StompFrames {
  items: DecodedItem[];
  continuation: boolean;
  /** A frame before this message that never got its end. */
  error?: string;
}

/** A frame still unended beyond this size is given up on rather than joined further. */
const MAX_PARTIAL_BYTES = 16 * 1024 * 1024;

const CLIENT_COMMANDS = ['CONNECT', 'STOMP', 'SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'ACK', 'NACK', 'BEGIN', 'COMMIT', 'ABORT', 'DISCONNECT'];
const SERVER_COMMANDS = ['CONNECTED', 'MESSAGE', 'RECEIPT', 'ERROR'];
const COMMANDS = new Set([...CLIENT_COMMANDS, ...SERVER_COMMANDS]);

/** Headers copied into the panel's filter fields. */
const FIELD_HEADERS = ['destination', 'subscription', 'id', 'message-id', 'receipt', 'receipt-id', 'transaction', 'ack', 'content-type'];

const SUB_PROTOCOL = /^v1([012])\.stomp$/;

export function stompVersionFromProtocol(protocol: string): StompVersion | undefined {
  const match = SUB_PROTOCOL.exec(protocol);
  return match ? (`1.${match[1]}` as StompVersion) : undefined;
}

export function createStompState(context: ConnectionContext): StompState {
  return { version: stompVersionFromProtocol(context.protocol), partial: {} };
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0;
const ENCODER = new TextEncoder();
const LENIENT_UTF8 = new TextDecoder();

/**
 * Every frame of one message (a heart-beat when it holds only EOLs). A frame the message ends inside is
 * kept, and the next message from the same side continues it unless it starts a frame of its own. Never throws.
 */
export function decodeStompFrames(payload: string | Uint8Array, state: StompState, direction: MessageInput['direction']): StompFrames {
  let bytes = typeof payload === 'string' ? ENCODER.encode(payload) : payload;
  let at = skipEols(bytes, 0);
  if (at === bytes.length) return { items: [{ type: 'heart-beat', fields: { type: 'heart-beat' }, tree: [] }], continuation: false };
  const result: StompFrames = { items: [], continuation: false };
  const partial = state.partial[direction];
  state.partial[direction] = undefined;
  if (partial && startsWithCommandLine(bytes, at)) {
    result.error = `the ${partial.command} frame of an earlier message never got its end`;
  } else if (partial) {
    bytes = joined(partial.bytes, bytes);
    at = 0;
    result.continuation = true;
  }
  while (at < bytes.length) {
    const frame = readFrame(bytes, at, state);
    result.items.push(frame.item);
    if (frame.incomplete) {
      if (bytes.length - at <= MAX_PARTIAL_BYTES) state.partial[direction] = { bytes: bytes.slice(at), command: frame.item.type };
      else frame.item.error = `frame of more than ${MAX_PARTIAL_BYTES} bytes without its end`;
    }
    if (frame.end === undefined) break;
    at = skipEols(bytes, frame.end);
  }
  return result;
}

function joined(first: Uint8Array, second: Uint8Array): Uint8Array {
  const out = new Uint8Array(first.length + second.length);
  out.set(first);
  out.set(second, first.length);
  return out;
}

/** A known command and its line end at `at`. */
function startsWithCommandLine(bytes: Uint8Array, at: number): boolean {
  const lf = bytes.subarray(at, at + 13).indexOf(LF);
  if (lf < 0) return false;
  const line = LENIENT_UTF8.decode(bytes.subarray(at, at + lf)).replace(/\r$/, '');
  return COMMANDS.has(line);
}

function skipEols(bytes: Uint8Array, at: number): number {
  for (;;) {
    if (bytes[at] === LF) at++;
    else if (bytes[at] === CR && bytes[at + 1] === LF) at += 2;
    else return at;
  }
}

/** The line starting at `at`: its text (without a CR before the LF) and where the next begins; undefined without an LF. */
function readLine(bytes: Uint8Array, at: number): { text: string; next: number } | undefined {
  const lf = bytes.indexOf(LF, at);
  if (lf < 0) return undefined;
  const end = lf > at && bytes[lf - 1] === CR ? lf - 1 : lf;
  return { text: LENIENT_UTF8.decode(bytes.subarray(at, end)), next: lf + 1 };
}

interface ReadFrame {
  item: DecodedItem;
  /** After the frame's NUL; undefined when the rest of the message could not be read. */
  end: number | undefined;
  /** The message ends inside the frame: its end may come in the next message. */
  incomplete?: boolean;
}

/** One frame from `at`. */
function readFrame(bytes: Uint8Array, at: number, state: StompState): ReadFrame {
  const commandLine = readLine(bytes, at);
  if (!commandLine) {
    const text = LENIENT_UTF8.decode(bytes.subarray(at, at + 80));
    if (bytes.length - at < 12 && [...COMMANDS].some((command) => command.startsWith(text)))
      return { item: incompleteCommand(text), end: undefined, incomplete: true };
    return { item: broken(preview(text), `no end of line after the command '${preview(text)}'`), end: undefined };
  }
  const command = commandLine.text;
  const item: DecodedItem = { type: command, fields: { type: command }, tree: [] };
  const problems: string[] = [];
  if (!COMMANDS.has(command)) problems.push(`unknown STOMP command '${preview(command)}'`);

  const headers: [string, string][] = [];
  const escapes = command !== 'CONNECT' && command !== 'STOMP' && command !== 'CONNECTED' && state.version !== '1.0';
  let cursor = commandLine.next;
  let headersEnded = true;
  for (;;) {
    const line = readLine(bytes, cursor);
    if (!line) {
      headersEnded = false;
      break;
    }
    cursor = line.next;
    if (line.text === '') break;
    const colon = line.text.indexOf(':');
    if (colon < 0) {
      problems.push(`header line '${preview(line.text)}' has no ':'`);
      continue;
    }
    const name = unescapeHeader(line.text.slice(0, colon), escapes, state.version, problems);
    headers.push([name, unescapeHeader(line.text.slice(colon + 1), escapes, state.version, problems)]);
  }
  const header = (name: string) => headers.find(([key]) => key === name)?.[1];
  item.tree.push({ label: 'headers', type: 'object', children: headers.map(([name, value]) => leaf(name, value)) });

  let body: Uint8Array = new Uint8Array(0);
  let end: number | undefined;
  let incomplete = !headersEnded;
  const contentLength = header('content-length');
  if (!headersEnded) {
    end = undefined;
  } else if (contentLength !== undefined && /^\d{1,15}$/.test(contentLength.trim())) {
    const length = Number(contentLength.trim());
    if (cursor + length >= bytes.length) incomplete = true;
    else if (bytes[cursor + length] !== NUL) problems.push(`content-length says ${length} bytes but no NUL follows them`);
    else end = cursor + length + 1;
    body = bytes.subarray(cursor, Math.min(cursor + length, bytes.length));
  } else {
    if (contentLength !== undefined) problems.push(`content-length '${preview(contentLength)}' is not a number of bytes`);
    const nul = bytes.indexOf(NUL, cursor);
    if (nul < 0) incomplete = true;
    else end = nul + 1;
    body = bytes.subarray(cursor, nul < 0 ? bytes.length : nul);
  }
  if (incomplete) {
    item.tree.push(leaf('incomplete', `the message ends inside the frame (${bytes.length - at} bytes so far): its end may follow in the next message`, 'text'));
  } else if (body.length > 0) item.tree.push(bodyNode(body, header('content-type'), problems));

  for (const name of FIELD_HEADERS) {
    const value = header(name);
    if (value !== undefined) item.fields[name] = value;
  }
  const key = frameKey(command, header);
  if (key !== undefined) item.key = preview(key);
  const receipt = header('receipt');
  const receiptId = header('receipt-id');
  if (receipt !== undefined && CLIENT_COMMANDS.includes(command)) item.correlation = { role: 'request', scope: 'stomp:receipt', id: receipt };
  else if (receiptId !== undefined && (command === 'RECEIPT' || command === 'ERROR'))
    item.correlation = { role: 'response', scope: 'stomp:receipt', id: receiptId };
  if (command === 'CONNECTED') state.version = negotiatedVersion(header('version')) ?? state.version;
  if (problems.length > 0) item.error = problems.join('; ');
  return { item, end, incomplete };
}

function incompleteCommand(command: string): DecodedItem {
  return { type: command, fields: { type: command }, tree: [leaf('incomplete', 'the message ends inside the command line', 'text')] };
}

function broken(type: string, error: string): DecodedItem {
  return { type, fields: {}, tree: [], error };
}

function negotiatedVersion(version: string | undefined): StompVersion | undefined {
  return version === '1.0' || version === '1.1' || version === '1.2' ? version : undefined;
}

/** The summary's key: what the frame is about. */
function frameKey(command: string, header: (name: string) => string | undefined): string | undefined {
  switch (command) {
    case 'SEND':
    case 'MESSAGE':
    case 'SUBSCRIBE':
      return header('destination');
    case 'UNSUBSCRIBE':
      return header('id') ?? header('destination');
    case 'ACK':
    case 'NACK':
      return header('id') ?? header('message-id');
    case 'BEGIN':
    case 'COMMIT':
    case 'ABORT':
      return header('transaction');
    case 'RECEIPT':
      return header('receipt-id');
    case 'ERROR':
      return header('message');
    default:
      return undefined;
  }
}

/** STOMP 1.1 knows \n \c \\; 1.2 adds \r. Any other escape is a protocol error (the text is kept as sent). */
function unescapeHeader(text: string, escapes: boolean, version: StompVersion | undefined, problems: string[]): string {
  if (!escapes || !text.includes('\\')) return text;
  let out = '';
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = text[at + 1];
    const replacement = next === 'n' ? '\n' : next === 'c' ? ':' : next === '\\' ? '\\' : next === 'r' && version !== '1.1' ? '\r' : undefined;
    if (replacement === undefined) {
      problems.push(
        `undefined escape '\\${next ?? ''}' in header '${preview(text)}' (STOMP ${version ?? '1.2'} allows ${version === '1.1' ? '' : '\\r '}\\n \\c \\\\)`,
      );
      return text;
    }
    out += replacement;
    at++;
  }
  return out;
}

/** JSON bodies as an exact tree, text as text, the rest as bytes. */
function bodyNode(body: Uint8Array, contentType: string | undefined, problems: string[]): TreeNode {
  const type = contentType?.toLowerCase() ?? '';
  const text =
    type === '' || type.startsWith('text/') || type.includes('json') || type.includes('xml') || type.includes('charset') ? utf8OrUndefined(body) : undefined;
  if (text === undefined) return bytesNode('body', body);
  const declaredJson = type.includes('json');
  const first = text.trimStart()[0];
  if (declaredJson || (type === '' && (first === '{' || first === '['))) {
    const parsed = parseJson(text);
    if (parsed.ok) return jsonToTree(parsed.value, 'body');
    if (declaredJson) problems.push(`body is not JSON (content-type ${contentType}): ${parsed.error}`);
  }
  return leaf('body', text, 'text');
}

export const stompDecoder: ProtocolDecoder<StompState> = {
  id: 'stomp',
  name: 'STOMP',
  detect: detectStomp,
  createState: createStompState,
  decode(message, state) {
    const { items, continuation, error } = decodeStompFrames(message.kind === 'text' ? message.text : message.bytes, state, message.direction);
    const decoded: DecodedMessage = { protocol: 'stomp', summary: summarize(items), items };
    if (continuation) decoded.continuation = true;
    if (error) decoded.error = error;
    return decoded;
  },
};

/** Sub-protocols v10.stomp/v11.stomp/v12.stomp; else a first CONNECT/STOMP (or CONNECTED) frame. */
function detectStomp(context: ConnectionContext, firstMessages: readonly MessageInput[]): number {
  if (stompVersionFromProtocol(context.protocol)) return 0.95;
  if (context.protocol === '' && context.requestedProtocols.some((protocol) => SUB_PROTOCOL.test(protocol))) return 0.85;
  const first = firstMessages.find((message) => message.kind === 'binary' || /\S/.test(message.text));
  return first && startsWithConnect(first) ? 0.8 : 0;
}

/** The message opens with CONNECT, STOMP or CONNECTED and its line end. */
export function startsWithConnect(message: MessageInput): boolean {
  const head = message.kind === 'text' ? message.text.slice(0, 12) : LENIENT_UTF8.decode(message.bytes.subarray(0, 12));
  return /^(?:CONNECT|STOMP|CONNECTED)\r?\n/.test(head);
}
