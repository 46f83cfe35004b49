// Writes an import into IndexedDB in chunks. The session rows go last: they are the commit marker, so
// until they exist nothing of the import is listed, and on failure or cancel the rows written are removed.
import type { InspectorDatabase } from '../../db/schema';
import { appendMessages } from '../../db/message-store';
import { deleteSessions } from '../../db/session-data';
import type { HarImport } from '../../shared/har/parse';
import { importSteps } from '../../shared/har/to-records';
import type { SessionRecord } from '../../shared/models';
import type { ImportSummary } from './import-protocol';

export class ImportCancelled extends Error {
  constructor() {
    super('Import cancelled');
  }
}

export interface WriteImportOptions {
  fileName: string;
  newId: () => string;
  onProgress: (done: number, total: number) => void;
  isCancelled: () => boolean;
}

export async function writeImport(db: InspectorDatabase, har: HarImport, options: WriteImportOptions): Promise<ImportSummary> {
  await removeUnfinishedImports(db);
  let sessions: SessionRecord[] = [];
  let connections = 0;
  let written = 0;
  try {
    for (const step of importSteps(har, { fileName: options.fileName, newId: options.newId })) {
      if (options.isCancelled()) throw new ImportCancelled();
      if (step.t === 'sessions') {
        sessions = step.sessions;
      } else if (step.t === 'connection') {
        const { connection, handshake } = step;
        await db.transaction('rw', [db.connections, db.handshakes], async () => {
          await db.connections.add(connection);
          if (handshake) await db.handshakes.add(handshake);
        });
        connections++;
      } else {
        const { messages, payloads } = step;
        // One socket's messages: one session.
        const toStore = messages.map(({ sessionId: _sessionId, ...message }, index) => ({ message, data: payloads[index]! }));
        await db.transaction('rw', [db.chunks, db.payloads], () => appendMessages(db, messages[0]!.sessionId, toStore));
        written += messages.length;
        options.onProgress(written, har.messageCount);
      }
    }
    if (options.isCancelled()) throw new ImportCancelled();
    await db.sessions.bulkAdd(sessions);
  } catch (error) {
    await deleteSessions(
      db,
      sessions.map((session) => session.id),
    );
    throw error;
  }
  return { sessionIds: sessions.map((session) => session.id), connections, messages: written, otherEntries: har.otherEntries };
}

/**
 * Rows of an import that never committed (the page closed mid-import): imported connections (tab -1)
 * whose session row does not exist. Callers hold the import lock, so no import is running meanwhile.
 */
async function removeUnfinishedImports(db: InspectorDatabase): Promise<void> {
  const sessionIds = new Set((await db.connections.where('tabId').equals(-1).toArray()).map((connection) => connection.sessionId));
  if (sessionIds.size === 0) return;
  const existing = await db.sessions.bulkGet([...sessionIds]);
  const orphans = [...sessionIds].filter((_, index) => existing[index] === undefined);
  await deleteSessions(db, orphans);
}
