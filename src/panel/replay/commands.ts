// Replay and inject commands, through the panel's background port (PanelToBackground "command").
import { effect } from '@preact/signals';
import type { PayloadInput } from '../../shared/messages';
import type { ConnectionRecord } from '../../shared/models';
import type { CommandResult } from '../state/command-slice';
import type { Panel } from '../state/panel';

const OPEN_TIMEOUT_MS = 10_000;
const OPEN_POLL_MS = 200;

export function sendOn(panel: Panel, connection: ConnectionRecord, payload: PayloadInput): Promise<CommandResult> {
  return panel.commands.run(connection.frameId, { t: 'send', conn: connection.id, payload });
}

export function injectOn(panel: Panel, connection: ConnectionRecord, payload: PayloadInput): Promise<CommandResult> {
  return panel.commands.run(connection.frameId, { t: 'inject', conn: connection.id, payload });
}

/** Whether a failed send means the socket is gone (so a new connection is the way forward). */
export function isClosedSocketError(error: string | undefined): boolean {
  return error !== undefined && /closed|closing|another document|no such connection/i.test(error);
}

export type OpenResult = { ok: true; connection: ConnectionRecord } | { ok: false; error: string };

/**
 * Opens a WebSocket from the inspected page (its origin and cookies), or from the dedicated worker that
 * holds `holderOf`, and waits until the capture shows it open, so that sends that follow are not
 * refused as "still connecting".
 */
export async function openConnection(panel: Panel, frameId: number, url: string, protocols: string[], holderOf?: string): Promise<OpenResult> {
  const result = await panel.commands.run(frameId, holderOf === undefined ? { t: 'connect', url, protocols } : { t: 'connect', url, protocols, holderOf });
  if (!result.ok || result.conn === undefined) return { ok: false, error: result.error ?? 'The page did not open the connection' };
  return waitForOpen(panel, result.conn);
}

function waitForOpen(panel: Panel, connectionId: string): Promise<OpenResult> {
  return new Promise((resolve) => {
    let settled = false;
    const poll = setInterval(() => void panel.refresh(), OPEN_POLL_MS);
    const timer = setTimeout(() => finish({ ok: false, error: 'The new connection did not open within 10 s' }), OPEN_TIMEOUT_MS);
    // Runs now and on every change of the connection list; finishing waits a microtask, as the
    // first run comes before `stopWatching` exists.
    const stopWatching = effect(() => {
      const outcome = openOutcome(panel.session.connection(connectionId));
      if (outcome) queueMicrotask(() => finish(outcome));
    });
    const finish = (result: OpenResult) => {
      if (settled) return;
      settled = true;
      stopWatching();
      clearInterval(poll);
      clearTimeout(timer);
      resolve(result);
    };
    void panel.refresh();
  });
}

/** What a connection's state says of an opening: open, failed, or (undefined) not yet known. */
function openOutcome(connection: ConnectionRecord | undefined): OpenResult | undefined {
  if (!connection) return undefined;
  if (connection.state === 'open') return { ok: true, connection };
  if (connection.state !== 'closing' && connection.state !== 'closed') return undefined;
  const why = connection.close ? ` (code ${connection.close.code}${connection.close.reason ? `: ${connection.close.reason}` : ''})` : '';
  return { ok: false, error: `The new connection closed before opening${why}${connection.errors[0] ? `: ${connection.errors[0]}` : ''}` };
}
