// Sends on, and injects into, a deep-captured worker socket: the debugger's Network domain can do
// neither, so the worker's own WebSocket object is found through the Runtime domain (every WebSocket of
// the worker, by prototype; the one open socket with the connection's URL) and used there. Anything else
// (no such socket, or two open to the same URL, which cannot be told apart) is refused with the reason.
import type { DebuggerApi } from '../../platform/debugger';
import type { PayloadInput } from '../../shared/messages';

const OBJECT_GROUP = 'wsi-deep-send';

/**
 * Runs in the worker, `this` being the array of its WebSocket objects: the one open socket to `url`,
 * else throws why not; and the payload as the worker's JavaScript would hold it.
 */
const OPEN_SOCKET_AND_DATA = `
  const open = this.filter((socket) => socket.url === url && socket.readyState === 1);
  if (open.length !== 1) throw new Error(open.length === 0 ? 'the socket is closed or no longer in this worker' : 'the worker has ' + open.length + ' open sockets to this URL, which cannot be told apart');
  const socket = open[0];
  let payload = data;
  if (kind !== 'text') {
    const text = atob(data);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    payload = bytes.buffer;
  }`;

const SEND_IN_WORKER = `function (url, kind, data) {${OPEN_SOCKET_AND_DATA}
  socket.send(payload);
  return { binaryType: socket.binaryType };
}`;

/** Delivers the payload to the worker's listeners as a message from the server: a MessageEvent with the URL's origin, its data as binaryType asks. */
const INJECT_IN_WORKER = `function (url, kind, data) {${OPEN_SOCKET_AND_DATA}
  if (kind !== 'text' && socket.binaryType === 'blob') payload = new Blob([payload]);
  socket.dispatchEvent(new MessageEvent('message', { data: payload, origin: new URL(socket.url).origin }));
  return { binaryType: socket.binaryType };
}`;

interface RemoteObject {
  result?: { objectId?: string; value?: unknown };
  objects?: { objectId?: string };
  exceptionDetails?: { text?: string; exception?: { description?: string } };
}

/** What happened in the worker: `error` is '' when done; `binaryType` is the socket's, for recording a binary payload's type. */
export interface WorkerSocketOutcome {
  error: string;
  binaryType?: string;
}

export type WorkerSocketAction = 'send' | 'inject';

/** Sends or injects `payload` on the open socket to `url` in the worker `targetId` is attached to. */
export async function actOnWorkerSocket(
  api: DebuggerApi,
  targetId: string,
  url: string,
  action: WorkerSocketAction,
  payload: PayloadInput,
): Promise<WorkerSocketOutcome> {
  try {
    const prototype = (await api.send(targetId, 'Runtime.evaluate', { expression: 'WebSocket.prototype', objectGroup: OBJECT_GROUP })) as RemoteObject;
    const prototypeObjectId = prototype.result?.objectId;
    if (!prototypeObjectId) return { error: 'the worker has no WebSocket' };
    const sockets = (await api.send(targetId, 'Runtime.queryObjects', { prototypeObjectId, objectGroup: OBJECT_GROUP })) as RemoteObject;
    const objectId = sockets.objects?.objectId;
    if (!objectId) return { error: 'the worker’s sockets could not be listed' };
    const done = (await api.send(targetId, 'Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: action === 'send' ? SEND_IN_WORKER : INJECT_IN_WORKER,
      arguments: [{ value: url }, { value: payload.kind }, { value: payload.data }],
      returnByValue: true,
    })) as RemoteObject;
    if (done.exceptionDetails) return { error: refusal(done.exceptionDetails) };
    const binaryType = (done.result?.value as { binaryType?: unknown } | undefined)?.binaryType;
    return typeof binaryType === 'string' ? { error: '', binaryType } : { error: 'no answer from the worker' };
  } catch (error) {
    return { error: `Chrome's debugger failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await api.send(targetId, 'Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => undefined);
  }
}

/** The thrown reason without its "Error: " and stack, or the debugger's text for anything else. */
function refusal(details: NonNullable<RemoteObject['exceptionDetails']>): string {
  const description = details.exception?.description?.split('\n')[0];
  return description?.startsWith('Error: ') ? description.slice('Error: '.length) : `the worker refused: ${details.text ?? 'exception'}`;
}
