// Reads what the extension stored for one job's socket, from an extension page (not a measured page),
// with the reader the end-to-end tests use: the ingest benches check that a burst was stored whole, not
// only that the page received it.
import type { ConnectionRecord, MessageRecord } from '../../src/shared/models';
import { DATABASE_NAME } from '../../src/shared/tags';
import { CHUNK_LAYOUT, readStoredRecords, type ReadArguments } from '../../test/e2e/stored-records';
import type { UndrivenBrowser } from './browser';

const POLL_MS = 100;
const GIVE_UP_MS = 10 * 60_000;

export type StoreReader = Awaited<ReturnType<UndrivenBrowser['openExtensionPage']>>;

/** A page of the extension that runs none of its code, so that reading costs only the reads. */
export const openStoreReader = (browser: UndrivenBrowser): Promise<StoreReader> => browser.openExtensionPage('manifest.json');

/** Runs readStoredRecords in the reader; tsx names functions with an `__name` helper the page lacks. */
const read = <T>(reader: StoreReader, args: Omit<ReadArguments, 'name' | 'layout' | 'count'>): Promise<T> =>
  reader.evaluate<T>(`((__name) => (${readStoredRecords})(${JSON.stringify({ ...args, name: DATABASE_NAME, layout: CHUNK_LAYOUT, count: false })}))((f) => f)`);

/** The job's connections: its socket URL ends in job=<id> (jobs.ts). */
const connectionsOf = async (reader: StoreReader, jobId: string): Promise<ConnectionRecord[]> =>
  (await read<ConnectionRecord[]>(reader, { store: 'connections' })).filter((connection) => new URL(connection.url).searchParams.get('job') === jobId);

/** Waits until the counters of job `jobId`'s socket show `expected` received messages; milliseconds from `since`. */
export async function waitStored(reader: StoreReader, jobId: string, expected: number, since: number): Promise<number> {
  const received = async () => (await connectionsOf(reader, jobId)).reduce((sum, connection) => sum + connection.receivedCount, 0);
  while ((await received()) < expected && Date.now() - since < GIVE_UP_MS) await new Promise((later) => setTimeout(later, POLL_MS));
  return Date.now() - since;
}

/**
 * How many received messages of the job's burst are stored, and how many distinct message numbers
 * (the burst's `i`, from each stored preview): whole means both are the burst's length.
 */
export async function countStored(reader: StoreReader, jobId: string): Promise<{ received: number; distinct: number }> {
  const numbers = new Set<string>();
  let received = 0;
  for (const { id } of await connectionsOf(reader, jobId)) {
    for (const message of await read<MessageRecord[]>(reader, { store: 'messages', index: 'connectionId', value: id })) {
      if (message.direction !== 'receive') continue;
      received++;
      const number = /^\{"i":(\d+)/.exec(message.payload.preview)?.[1];
      if (number !== undefined) numbers.add(number);
    }
  }
  return { received, distinct: numbers.size };
}
