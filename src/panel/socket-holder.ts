// Who holds a socket, in the words the panel uses for it (the page, or the kind of worker it was opened
// in), and what that leaves out.
import type { ConnectionRecord } from '../shared/models';

/** How the panel names the worker a socket was opened in. */
export function workerKind(connection: ConnectionRecord): string {
  const kind = connection.worker?.kind;
  return kind === 'shared' ? 'shared worker' : kind === 'service' ? 'service worker' : 'worker';
}

/** 'page' for a document's own socket, else the kind of worker whose socket it is. */
export function socketHolder(connection: ConnectionRecord): string {
  return connection.worker ? workerKind(connection) : 'page';
}

/**
 * Whether a new connection like this one opens in its worker rather than in the page: a dedicated
 * worker's hook takes the command; Shared and Service Worker sockets are reached by paths that carry
 * sends and injects only.
 */
export function connectsInItsWorker(connection: ConnectionRecord): boolean {
  return connection.worker?.kind === 'dedicated';
}

/** Why intercept (breakpoints, rules, mocks) does not act on this socket, or null when it does. */
export function interceptExclusion(connection: ConnectionRecord): string | null {
  if (connection.api === 'WebSocketStream') return 'Intercept and rules do not act on WebSocketStreams';
  const kind = connection.worker?.kind;
  if (kind === 'shared' || kind === 'service')
    return `Intercept and rules do not act on a ${workerKind(connection)}’s sockets: the tabs that use one worker may have different rules`;
  return null;
}
