// Requests and their answers in the panel: the log's rows fed to a PairIndex in order, behind the protocol
// decoding (a decoded protocol's correlation wins), else by a JSON field per connection, found from its first
// messages or chosen by the user. Runs in batches between frames, like the decoding it follows.
import { effect, signal } from '@preact/signals';
import type { StoredMessage } from '../../db/message-chunks';
import type { Correlation } from '../../protocols/types';
import type { RowPick } from '../filters';
import type { LogSlice } from '../state/log-slice';
import type { PayloadLoader } from '../messageLog';
import { previewIsWhole } from '../format';
import { chooseCorrelationField, jsonCorrelation, type SampleMessage } from './json-correlation';
import { PairIndex } from './pairing';

/** Rows paired per step before yielding to the page. */
const BATCH_ROWS = 5000;
/** Text messages of a connection looked at to find its correlation field. */
export const DETECTION_SAMPLES = 40;

/** What pairing needs of the protocol decoding (ProtocolSlice). */
export interface DecodedSource {
  readonly version: { readonly value: number };
  readonly decodedCount: number;
  readonly restarts: number;
  pairsByProtocol(connectionId: string): boolean;
  decodedOf(messageId: number): { items: readonly { correlation?: Correlation }[] } | undefined;
}

/** How a connection's JSON messages are paired: by a field (found or chosen), or not (none found yet). */
interface JsonPairing {
  field: string | undefined;
  /** Until the field is found: the rows seen (with their whole text), paired once it is. */
  waiting: { row: StoredMessage; text: string }[] | undefined;
  samples: SampleMessage[];
}

export class PairsSlice {
  /** Bumped when pairs change: the Latency column, the detail pane and the stats re-read. */
  readonly version = signal(0);
  /** The JSON field each connection is paired by, when found or chosen (connections with a protocol are absent). */
  readonly fields = signal<ReadonlyMap<string, { field: string; chosen: boolean }>>(new Map());
  private readonly chosen = new Map<string, string>();
  private index = new PairIndex();
  private json = new Map<string, JsonPairing>();
  private pairedUpTo = 0;
  /** The log's epoch the paired rows belong to: when it moves, the rows were replaced. */
  private pairedEpoch = 0;
  private seenRestarts = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** Bumped by restart() and dispose(): a step reading payloads drops its rows if either came meanwhile. */
  private generation = 0;
  private stepping = false;
  private readonly stopWatching: () => void;

  constructor(
    private readonly log: LogSlice,
    private readonly decoded: DecodedSource,
    /** Full payloads of long messages: a correlation id can lie past the stored preview. */
    private readonly loadPayloads: PayloadLoader,
    /** Called after pairs changed, so a filter on them can be re-applied. */
    private readonly onPaired: () => void = () => {},
  ) {
    this.stopWatching = effect(() => {
      void this.log.version.value;
      void this.decoded.version.value;
      this.schedule();
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stopWatching();
    clearTimeout(this.timer);
    this.generation++;
  }

  /** The pairs so far; read `version` in a render to follow them. */
  get pairs(): PairIndex {
    return this.index;
  }

  /** The filter "requests without an answer": follows answers as they arrive. */
  unansweredPick(): RowPick {
    return { label: 'Requests without an answer', live: true, matches: (id) => this.index.isRequest(id) && this.index.answersOf(id).length === 0 };
  }

  /** Pairs the connection's JSON messages by `field` (a dotted path), or with '' goes back to the one found. */
  chooseField(connectionId: string, field: string): void {
    if (field.trim() === '') this.chosen.delete(connectionId);
    else this.chosen.set(connectionId, field.trim());
    this.restart();
  }

  /** Pairs everything again from the first row. */
  private restart(): void {
    this.generation++;
    this.stepping = false;
    this.index = new PairIndex();
    this.json = new Map();
    this.pairedUpTo = 0;
    this.pairedEpoch = this.log.epoch;
    this.seenRestarts = this.decoded.restarts;
    this.publishFields();
    this.version.value++;
    this.onPaired();
    this.schedule();
  }

  private schedule(): void {
    // A step still reading when the panel closed may end in a restart: it must not start a timer then.
    if (this.timer !== undefined || this.stepping || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.step();
    }, 0);
  }

  private async step(): Promise<void> {
    if (this.pairedEpoch !== this.log.epoch || this.seenRestarts !== this.decoded.restarts) return this.restart();
    const end = Math.min(this.decoded.decodedCount, this.log.peekCount(), this.pairedUpTo + BATCH_ROWS);
    if (end <= this.pairedUpTo) return;
    // Only the new rows are made into records, once each.
    const batch: StoredMessage[] = [];
    for (let index = this.pairedUpTo; index < end; index++) batch.push(this.log.messageAt(index));
    const long = batch.filter((row) => row.payload.kind === 'text' && !previewIsWhole(row.payload) && !this.decoded.pairsByProtocol(row.connectionId));
    let wholeTexts = new Map<number, string>();
    if (long.length > 0) {
      const generation = this.generation;
      this.stepping = true;
      const payloads = await this.loadPayloads(long.map((row) => row.id)).catch(() => []);
      if (generation !== this.generation) return;
      this.stepping = false;
      // Rows replaced while reading: these rows are gone, pair from the top.
      if (this.pairedEpoch !== this.log.epoch) return this.restart();
      // A payload that could not be read leaves its row paired by its preview, as before it was long.
      wholeTexts = new Map(payloads.flatMap((payload) => (payload ? [[payload.id, payload.data] as const] : [])));
    }
    let fieldsChanged = false;
    for (const row of batch) fieldsChanged = this.pairRow(row, wholeTexts.get(row.id) ?? row.payload.preview) || fieldsChanged;
    this.pairedUpTo = end;
    if (fieldsChanged) this.publishFields();
    this.version.value++;
    this.onPaired();
    if (end < Math.min(this.decoded.decodedCount, this.log.peekCount())) this.schedule();
  }

  /** Pairs one row, `text` being its whole text; true when it settled its connection's JSON field. */
  private pairRow(row: StoredMessage, text: string): boolean {
    if (this.decoded.pairsByProtocol(row.connectionId)) {
      for (const item of this.decoded.decodedOf(row.id)?.items ?? []) if (item.correlation) this.index.add({ ...row, correlation: item.correlation });
      return false;
    }
    if (row.payload.kind !== 'text') return false;
    let pairing = this.json.get(row.connectionId);
    const firstOfConnection = !pairing;
    if (!pairing) {
      const chosen = this.chosen.get(row.connectionId);
      pairing = { field: chosen, waiting: chosen ? undefined : [], samples: [] };
      this.json.set(row.connectionId, pairing);
    }
    if (pairing.field !== undefined) {
      this.addJson(row, pairing.field, text);
      return firstOfConnection;
    }
    if (!pairing.waiting) return false;
    pairing.waiting.push({ row, text });
    pairing.samples.push({ direction: row.direction, text });
    const field = chooseCorrelationField(pairing.samples);
    if (field === undefined && pairing.samples.length < DETECTION_SAMPLES) return false;
    // Found, or the samples are spent: either way the rows seen are settled now.
    pairing.field = field;
    const waiting = pairing.waiting;
    pairing.waiting = undefined;
    pairing.samples = [];
    if (field !== undefined) for (const earlier of waiting) this.addJson(earlier.row, field, earlier.text);
    return field !== undefined;
  }

  private addJson(row: StoredMessage, field: string, text: string): void {
    const correlation = jsonCorrelation({ direction: row.direction, text }, field);
    if (correlation) this.index.add({ ...row, correlation });
  }

  private publishFields(): void {
    const next = new Map<string, { field: string; chosen: boolean }>();
    for (const [connectionId, pairing] of this.json) {
      if (pairing.field !== undefined) next.set(connectionId, { field: pairing.field, chosen: this.chosen.has(connectionId) });
    }
    this.fields.value = next;
  }
}
