// Runs one HAR import in a Web Worker: the page stays responsive however large the file.
import type { ImportPhase, ImportSummary, ImportWorkerToPage, PageToImportWorker } from './import-protocol';

export type ImportOutcome = { t: 'done'; summary: ImportSummary } | { t: 'invalid'; errors: string[] } | { t: 'failed'; error: string } | { t: 'cancelled' };

export interface RunningImport {
  outcome: Promise<ImportOutcome>;
  cancel(): void;
}

export function startImport(file: File, onProgress: (phase: ImportPhase, done: number, total: number) => void): RunningImport {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  const send = (message: PageToImportWorker) => worker.postMessage(message);
  const outcome = new Promise<ImportOutcome>((resolve) => {
    const finish = (result: ImportOutcome) => {
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = (event: MessageEvent<ImportWorkerToPage>) => {
      const message = event.data;
      if (message.t === 'progress') onProgress(message.phase, message.done, message.total);
      else finish(message);
    };
    worker.onerror = (event) => finish({ t: 'failed', error: event.message || 'The import worker stopped' });
  });
  send({ t: 'start', file });
  return { outcome, cancel: () => send({ t: 'cancel' }) };
}
