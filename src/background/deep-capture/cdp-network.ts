// The WebSocket events of the DevTools protocol's Network domain, as a debugger session reports them for a
// worker target (deep capture, src/background/deep-capture/). Shape-checked like page data: a compromised
// renderer speaks for its worker's session too. Pure: no browser API, unit-tested.
import type { HeaderPair } from '../../shared/models';

/** Longest request id, URL and header text accepted: anything longer is not what Chrome sends. */
const MAX_ID_CHARS = 200;
const MAX_URL_CHARS = 64 * 1024;
const MAX_HEADERS = 500;

export type NetworkSocketEvent =
  | { t: 'created'; requestId: string; url: string }
  | { t: 'handshake-request'; requestId: string; headers: HeaderPair[]; wallTimeMs?: number }
  | { t: 'handshake-response'; requestId: string; status: number; statusText: string; headers: HeaderPair[] }
  /** A whole message: opcode 1 (text, as is) or 2 (binary, base64). Control frames are left out. */
  | { t: 'frame'; requestId: string; dir: 'send' | 'receive'; opcode: 1 | 2; payloadData: string }
  | { t: 'frame-error'; requestId: string; text: string }
  | { t: 'closed'; requestId: string };

/** The methods this module reads: the Network domain sends others too (and so may a hostile target). */
export const SOCKET_EVENT_METHODS = [
  'Network.webSocketCreated',
  'Network.webSocketWillSendHandshakeRequest',
  'Network.webSocketHandshakeResponseReceived',
  'Network.webSocketFrameSent',
  'Network.webSocketFrameReceived',
  'Network.webSocketFrameError',
  'Network.webSocketClosed',
] as const;

type Params = Record<string, unknown>;

const isObject = (value: unknown): value is Params => typeof value === 'object' && value !== null && !Array.isArray(value);
const shortString = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

/** A checked event of `method`, or null when it is not a socket event or not well formed. */
export function parseNetworkSocketEvent(method: string, params: unknown): NetworkSocketEvent | null {
  if (!isObject(params) || !shortString(params.requestId, MAX_ID_CHARS)) return null;
  const requestId = params.requestId;
  switch (method) {
    case 'Network.webSocketCreated':
      return shortString(params.url, MAX_URL_CHARS) ? { t: 'created', requestId, url: params.url } : null;
    case 'Network.webSocketWillSendHandshakeRequest': {
      const headers = isObject(params.request) ? headerPairs(params.request.headers) : null;
      if (!headers) return null;
      const wallTime = params.wallTime;
      const wallTimeMs = typeof wallTime === 'number' && Number.isFinite(wallTime) && wallTime > 0 ? Math.round(wallTime * 1000) : undefined;
      return { t: 'handshake-request', requestId, headers, ...(wallTimeMs !== undefined ? { wallTimeMs } : {}) };
    }
    case 'Network.webSocketHandshakeResponseReceived': {
      const response = params.response;
      if (!isObject(response) || !Number.isSafeInteger(response.status)) return null;
      const headers = headerPairs(response.headers);
      if (!headers) return null;
      const statusText = typeof response.statusText === 'string' ? response.statusText.slice(0, MAX_ID_CHARS) : '';
      return { t: 'handshake-response', requestId, status: response.status as number, statusText, headers };
    }
    case 'Network.webSocketFrameSent':
    case 'Network.webSocketFrameReceived': {
      const frame = params.response;
      if (!isObject(frame) || typeof frame.payloadData !== 'string' || (frame.opcode !== 1 && frame.opcode !== 2)) return null;
      const dir = method === 'Network.webSocketFrameSent' ? 'send' : 'receive';
      return { t: 'frame', requestId, dir, opcode: frame.opcode, payloadData: frame.payloadData };
    }
    case 'Network.webSocketFrameError':
      return typeof params.errorMessage === 'string' ? { t: 'frame-error', requestId, text: params.errorMessage.slice(0, MAX_URL_CHARS) } : null;
    case 'Network.webSocketClosed':
      return { t: 'closed', requestId };
    default:
      return null;
  }
}

/** CDP headers (an object of name → value; values may join repeats with newlines) as pairs, or null when malformed. */
function headerPairs(headers: unknown): HeaderPair[] | null {
  if (!isObject(headers)) return null;
  const pairs: HeaderPair[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string' || pairs.length >= MAX_HEADERS) return null;
    for (const line of value.split('\n')) pairs.push({ name, value: line });
  }
  return pairs;
}
