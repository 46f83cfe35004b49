// The panel's one way to stored data: every read of every view and dialog goes through here, over
// one database connection opened as early as the page starts (see boot.ts).
import { readQueries, type ReadQueries } from '../db/queries';
import { database } from '../db/schema';
import type { HarExportSource } from '../shared/har/export';
import type { ExportScope } from './har/export-records';

export interface PanelData extends ReadQueries {
  /** Everything a HAR export covers, read in one transaction. */
  exportSource(scope: ExportScope): Promise<HarExportSource>;
}

/** Starts opening IndexedDB now, so the browser opens it while the panel's modules load. */
export function openPanelData(): PanelData {
  const db = database();
  // A failure shows on the first read, which reports it.
  db.open().catch(() => {});
  return {
    ...readQueries(db),
    // Export code loads with the export dialog, not with the panel.
    exportSource: async (scope) => (await import('./har/export-records')).loadExportSource(db, scope),
  };
}
