// Replay and inject commands, through the panel store's background port (PanelToBackground "command").
import type { PayloadInput } from '../../shared/messages';
import type { ConnectionRecord } from '../../shared/models';
import type { CommandResult, PanelStore } from '../store';

const OPEN_TIMEOUT_MS = 10_000;

export function sendOn(store: PanelStore, connection: ConnectionRecord, payload: PayloadInput): Promise<CommandResult> {
  return store.runCommand(connection.frameId, { t: 'send', conn: connection.id, payload });
}

export function injectOn(store: PanelStore, connection: ConnectionRecord, payload: PayloadInput): Promise<CommandResult> {
  return store.runCommand(connection.frameId, { t: 'inject', conn: connection.id, payload });
}

/** Whether a failed send means the socket is gone (so a new connection is the way forward). */
export function isClosedSocketError(error: string | undefined): boolean {
  return error !== undefined && /closed|closing|another document|no such connection/i.test(error);
}

export type OpenResult = { ok: true; connection: ConnectionRecord } | { ok: false; error: string };

/**
 * Opens a WebSocket from the inspected page (its origin and cookies) and waits until the capture
 * shows it open, so that sends that follow are not refused as "still connecting".
 */
export async function openConnection(store: PanelStore, frameId: number, url: string, protocols: string[]): Promise<OpenResult> {
  const result = await store.runCommand(frameId, { t: 'connect', url, protocols });
  if (!result.ok || result.conn === undefined) return { ok: false, error: result.error ?? 'The page did not open the connection' };
  return waitForOpen(store, result.conn);
}

function waitForOpen(store: PanelStore, connectionId: string): Promise<OpenResult> {
  return new Promise((resolve) => {
    let settled = false;
    const check = () => {
      const connection = store.state.connections.find((c) => c.id === connectionId);
      if (!connection || settled) return;
      if (connection.state === 'open') finish({ ok: true, connection });
      else if (connection.state === 'closing' || connection.state === 'closed') {
        const why = connection.close ? ` (code ${connection.close.code}${connection.close.reason ? `: ${connection.close.reason}` : ''})` : '';
        finish({ ok: false, error: `The new connection closed before opening${why}${connection.errors[0] ? `: ${connection.errors[0]}` : ''}` });
      }
    };
    const unsubscribe = store.subscribe(check);
    const poll = setInterval(() => void store.refresh(), 200);
    const timer = setTimeout(() => finish({ ok: false, error: 'The new connection did not open within 10 s' }), OPEN_TIMEOUT_MS);
    const finish = (result: OpenResult) => {
      settled = true;
      unsubscribe();
      clearInterval(poll);
      clearTimeout(timer);
      resolve(result);
    };
    void store.refresh().then(check);
  });
}
