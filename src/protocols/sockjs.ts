// SockJS over its WebSocket transport (/<prefix>/<server>/<session>/websocket). The server frames each
// message: 'o' open, 'h' heartbeat, 'a["…","…"]' messages, 'm"…"' one message (older servers),
// 'c[code,"reason"]' close; the client sends a JSON array of strings (or one JSON string). Each inner
// message is the application's own: STOMP (the common case: Spring's STOMP over SockJS) is decoded by the
// STOMP decoder, anything else shown as text or JSON.
import { jsonScalar, jsonToTree, parseJson, type JsonValue } from './json.ts';
import { createStompState, decodeStompFrames, type StompState } from './stomp.ts';
import { leaf, preview } from './tree-nodes.ts';
import { summarize, type ConnectionContext, type DecodedItem, type DecodedMessage, type MessageInput, type ProtocolDecoder } from './types.ts';

export interface SockJsState {
  /** Set once an inner message is a STOMP frame: from then on every inner message is STOMP. */
  inner: 'stomp' | undefined;
  stomp: StompState;
}

export const sockJsDecoder: ProtocolDecoder<SockJsState> = {
  id: 'sockjs',
  name: 'SockJS',
  detect: detectSockJs,
  createState: () => ({ inner: undefined, stomp: createStompState({ url: '', protocol: '', requestedProtocols: [] }) }),
  decode(message, state) {
    if (message.kind === 'binary') return failed('SockJS frames are text, but this message is binary');
    return message.direction === 'receive' ? decodeServerFrame(message.text, state) : decodeClientMessage(message.text, state);
  },
};

function failed(error: string, items: DecodedItem[] = []): DecodedMessage {
  return { protocol: 'sockjs', summary: summarize(items, error), items, error };
}

function decodeServerFrame(text: string, state: SockJsState): DecodedMessage {
  const type = text[0];
  const rest = text.slice(1);
  switch (type) {
    case 'o':
    case 'h': {
      const frameType = type === 'o' ? 'open' : 'heartbeat';
      const items: DecodedItem[] = [{ type: frameType, fields: { type: frameType }, tree: [] }];
      if (rest !== '') return failed(`'${type}' frame followed by ${preview(rest)}: it carries nothing`, items);
      return { protocol: 'sockjs', summary: summarize(items), items };
    }
    case 'a':
    case 'm': {
      const inner = innerMessages(rest, type === 'a' ? 'array' : 'string');
      if (typeof inner === 'string') return failed(`'${type}' frame: ${inner}`);
      const { items, continuation } = decodeInner(inner, state, 'receive');
      return withContinuation({ protocol: 'sockjs', summary: `${type} ${summarize(items)}`.trimEnd(), items }, continuation);
    }
    case 'c':
      return closeFrame(rest);
    default:
      return failed(
        text === '' ? 'empty SockJS frame (expected o, h, a, m or c)' : `unknown SockJS frame type '${preview(text[0]!)}' (expected o, h, a, m or c)`,
      );
  }
}

function decodeClientMessage(text: string, state: SockJsState): DecodedMessage {
  const inner = innerMessages(text, text.trimStart().startsWith('"') ? 'string' : 'array');
  if (typeof inner === 'string') return failed(`client message: ${inner}`);
  const { items, continuation } = decodeInner(inner, state, 'send');
  return withContinuation({ protocol: 'sockjs', summary: summarize(items), items }, continuation);
}

function withContinuation(decoded: DecodedMessage, continuation: boolean): DecodedMessage {
  if (continuation) decoded.continuation = true;
  return decoded;
}

/** The strings a frame carries: a JSON array of strings, or one JSON string; else what is wrong. */
function innerMessages(json: string, shape: 'array' | 'string'): string[] | string {
  const parsed = parseJson(json);
  if (!parsed.ok) return `not JSON: ${parsed.error}`;
  const value = parsed.value;
  if (shape === 'string') return value.kind === 'string' ? [value.value] : `expected a JSON string, got ${value.kind}`;
  if (value.kind !== 'array') return `expected a JSON array of strings, got ${value.kind}`;
  const strings: string[] = [];
  for (const item of value.items) {
    if (item.kind !== 'string') return `expected a JSON array of strings, item ${strings.length} is ${item.kind}`;
    strings.push(item.value);
  }
  return strings;
}

/** The inner messages' items; `continuation` when the first one only continues an earlier STOMP frame. */
function decodeInner(messages: string[], state: SockJsState, direction: MessageInput['direction']): { items: DecodedItem[]; continuation: boolean } {
  if (messages.length === 0) return { items: [{ type: 'empty', fields: {}, tree: [] }], continuation: false };
  const items: DecodedItem[] = [];
  let continuation = false;
  for (const message of messages) {
    if (state.inner === undefined && isStompFrame(message)) state.inner = 'stomp';
    if (state.inner !== 'stomp') {
      items.push(plainMessage(message));
      continue;
    }
    const frames = decodeStompFrames(message, state.stomp, direction);
    if (frames.error && frames.items[0]) frames.items[0].error ??= frames.error;
    if (items.length === 0) continuation = frames.continuation;
    items.push(...frames.items);
  }
  return { items, continuation };
}

/** A STOMP command line opens the message. */
function isStompFrame(text: string): boolean {
  return /^(?:CONNECT|STOMP|CONNECTED|SEND|SUBSCRIBE|MESSAGE)\r?\n/.test(text.slice(0, 12));
}

function plainMessage(text: string): DecodedItem {
  const parsed = parseJson(text);
  const tree =
    parsed.ok && (parsed.value.kind === 'object' || parsed.value.kind === 'array') ? [jsonToTree(parsed.value, 'data')] : [leaf('data', text, 'text')];
  return { type: 'message', key: preview(text), fields: { type: 'message' }, tree };
}

function closeFrame(json: string): DecodedMessage {
  const parsed = parseJson(json);
  const value: JsonValue | undefined = parsed.ok ? parsed.value : undefined;
  const code = value?.kind === 'array' && value.items[0]?.kind === 'number' ? jsonScalar(value.items[0]) : undefined;
  const reason = value?.kind === 'array' && value.items[1]?.kind === 'string' ? jsonScalar(value.items[1]) : undefined;
  if (code === undefined || reason === undefined) {
    const detail = parsed.ok ? 'expected [code, "reason"]' : `not JSON: ${parsed.error}`;
    return failed(`'c' frame: ${detail}`, [{ type: 'close', fields: {}, tree: [leaf('data', json, 'text')] }]);
  }
  const items: DecodedItem[] = [
    { type: 'close', key: `${code} ${preview(reason)}`, fields: { type: 'close', code, reason }, tree: [leaf('code', code, 'number'), leaf('reason', reason)] },
  ];
  return { protocol: 'sockjs', summary: summarize(items), items };
}

/** /<prefix>/<server>/<session>/websocket: server and session ids hold no '/' or '.'. */
const SESSION_PATH = /\/[^/.?#]+\/[^/.?#]+\/websocket\/?$/;

function detectSockJs(context: ConnectionContext, firstMessages: readonly MessageInput[]): number {
  const queryAt = context.url.search(/[?#]/);
  const path = queryAt < 0 ? context.url : context.url.slice(0, queryAt);
  const received = firstMessages.filter((message) => message.direction === 'receive');
  const first = received[0];
  const opened = first?.kind === 'text' && first.text === 'o';
  const second = received[1];
  const framed = second?.kind === 'text' && /^(?:a\[|m"|h$|c\[)/.test(second.text);
  if (SESSION_PATH.test(path)) return first === undefined || opened ? (opened ? 0.95 : 0.85) : 0.3;
  if (opened) return framed ? 0.8 : second === undefined ? 0.6 : 0.2;
  return 0;
}
