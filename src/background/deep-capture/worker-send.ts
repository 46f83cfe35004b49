// Sends on a deep-captured worker socket: the debugger's Network domain cannot, so the worker's own
// WebSocket object is found through the Runtime domain (every WebSocket of the worker, by prototype; the
// one open socket with the connection's URL) and its send() called with the payload. Anything else (no
// such socket, or two open to the same URL, which cannot be told apart) is refused with the reason.
import type { DebuggerApi } from '../../platform/debugger';
import type { PayloadInput } from '../../shared/messages';

const OBJECT_GROUP = 'wsi-deep-send';

/** Runs in the worker, `this` being the array of its WebSocket objects: '' once sent, else why not. */
const SEND_IN_WORKER = `function (url, kind, data) {
  const open = this.filter((socket) => socket.url === url && socket.readyState === 1);
  if (open.length !== 1) return open.length === 0 ? 'the socket is closed or no longer in this worker' : 'the worker has ' + open.length + ' open sockets to this URL, which cannot be told apart';
  if (kind === 'text') { open[0].send(data); return ''; }
  const text = atob(data);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  open[0].send(bytes);
  return '';
}`;

interface RemoteObject {
  result?: { objectId?: string; value?: unknown };
  objects?: { objectId?: string };
  exceptionDetails?: { text?: string };
}

/** Sends `payload` on the open socket to `url` in the worker `targetId` is attached to; resolves '' when sent, else the reason. */
export async function sendInWorker(api: DebuggerApi, targetId: string, url: string, payload: PayloadInput): Promise<string> {
  try {
    const prototype = (await api.send(targetId, 'Runtime.evaluate', { expression: 'WebSocket.prototype', objectGroup: OBJECT_GROUP })) as RemoteObject;
    const prototypeObjectId = prototype.result?.objectId;
    if (!prototypeObjectId) return 'the worker has no WebSocket';
    const sockets = (await api.send(targetId, 'Runtime.queryObjects', { prototypeObjectId, objectGroup: OBJECT_GROUP })) as RemoteObject;
    const objectId = sockets.objects?.objectId;
    if (!objectId) return 'the worker’s sockets could not be listed';
    const sent = (await api.send(targetId, 'Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: SEND_IN_WORKER,
      arguments: [{ value: url }, { value: payload.kind }, { value: payload.data }],
      returnByValue: true,
    })) as RemoteObject;
    if (sent.exceptionDetails) return `the worker refused: ${sent.exceptionDetails.text ?? 'exception'}`;
    return typeof sent.result?.value === 'string' ? sent.result.value : 'no answer from the worker';
  } catch (error) {
    return `Chrome's debugger failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await api.send(targetId, 'Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => undefined);
  }
}
