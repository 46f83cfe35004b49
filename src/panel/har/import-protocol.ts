// Messages between the panel page and the HAR import worker.

export type ImportPhase = 'reading' | 'parsing' | 'writing';

export type PageToImportWorker = { t: 'start'; file: File } | { t: 'cancel' };

export interface ImportSummary {
  sessionIds: string[];
  connections: number;
  messages: number;
  /** HTTP entries of the HAR, not imported. */
  otherEntries: number;
}

export type ImportWorkerToPage =
  /** `total` 0: no measure of this phase (JSON.parse is one step). */
  | { t: 'progress'; phase: ImportPhase; done: number; total: number }
  | { t: 'invalid'; errors: string[] }
  | { t: 'done'; summary: ImportSummary }
  | { t: 'failed'; error: string }
  | { t: 'cancelled' };
