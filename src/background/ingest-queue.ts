// One promise chain for every write: hellos, batches, handshakes, clears and evictions run one at a
// time and in arrival order, so ids follow arrival and no two writers race on a connection record.

let tail: Promise<unknown> = Promise.resolve();

export function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const run = tail.then(task);
  // A failed task must not stop the queue: capture goes on with the next one.
  tail = run.catch((error: unknown) => console.error('[wsi] ingest task failed', error));
  return run;
}
