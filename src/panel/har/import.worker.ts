// Reads, parses, validates and stores a HAR file off the UI thread, reporting progress.
import { database } from '../../db/schema';
import { parseHar } from '../../shared/har/parse';
import type { ImportPhase, ImportWorkerToPage, PageToImportWorker } from './import-protocol';
import { ImportCancelled, writeImport } from './import-writer';

/** One import at a time across every extension page: it also makes sweeping unfinished imports safe. */
const IMPORT_LOCK = 'websocket-inspector:har-import';
const PROGRESS_INTERVAL_MS = 100;

let cancelled = false;
let lastProgress = 0;

const post = (message: ImportWorkerToPage) => self.postMessage(message);

function progress(phase: ImportPhase, done: number, total: number, force = false): void {
  const now = Date.now();
  if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return;
  lastProgress = now;
  post({ t: 'progress', phase, done, total });
}

async function readText(file: File): Promise<string> {
  const decoder = new TextDecoder();
  const reader = file.stream().getReader();
  const parts: string[] = [];
  let done = 0;
  progress('reading', 0, file.size, true);
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    if (cancelled) throw new ImportCancelled();
    parts.push(decoder.decode(chunk.value, { stream: true }));
    done += chunk.value.byteLength;
    progress('reading', done, file.size);
  }
  parts.push(decoder.decode());
  return parts.join('');
}

async function importFile(file: File): Promise<void> {
  const text = await readText(file);
  progress('parsing', 0, 0, true);
  const parsed = parseHar(text);
  if (!parsed.ok) {
    post({ t: 'invalid', errors: parsed.errors });
    return;
  }
  progress('writing', 0, parsed.har.messageCount, true);
  const run = () =>
    writeImport(database(), parsed.har, {
      fileName: file.name,
      newId: () => crypto.randomUUID(),
      onProgress: (done, total) => progress('writing', done, total),
      isCancelled: () => cancelled,
    });
  const summary = self.navigator.locks ? await self.navigator.locks.request(IMPORT_LOCK, run) : await run();
  post({ t: 'done', summary });
}

self.onmessage = (event: MessageEvent<PageToImportWorker>) => {
  const message = event.data;
  if (message.t === 'cancel') {
    cancelled = true;
    return;
  }
  importFile(message.file).catch((error: unknown) => {
    if (error instanceof ImportCancelled) post({ t: 'cancelled' });
    else post({ t: 'failed', error: error instanceof Error ? error.message : String(error) });
  });
};
