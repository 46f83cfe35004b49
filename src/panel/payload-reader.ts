// Full payloads of long messages, read once for every reader in the panel. The search index, protocol
// decoding and pairing each walk the rows from the first and need the same long payloads shortly after
// one another: a bounded set of the most recent reads, and reads under way, are shared between them.
import type { PayloadRecord } from '../shared/models';
import type { PayloadLoader } from './messageLog';

/** Characters of payload kept for the next reader: about 32 MB of UTF-16 at most. */
const KEPT_CHARS = 16_000_000;

export class PayloadReader {
  /** Most recently read first out: a Map keeps insertion order. */
  private readonly recent = new Map<number, PayloadRecord | undefined>();
  private readonly underWay = new Map<number, Promise<PayloadRecord | undefined>>();
  private keptChars = 0;

  constructor(
    private readonly read: PayloadLoader,
    private readonly budgetChars = KEPT_CHARS,
  ) {}

  /** The payloads of `ids`, in order; undefined for one not stored. */
  readonly load: PayloadLoader = (ids) => {
    const missing = ids.filter((id) => !this.recent.has(id) && !this.underWay.has(id));
    if (missing.length > 0) {
      const reading = this.read(missing);
      missing.forEach((id, index) =>
        this.underWay.set(
          id,
          reading.then((payloads) => payloads[index]),
        ),
      );
      reading.then(
        (payloads) => missing.forEach((id, index) => this.keep(id, payloads[index])),
        () => missing.forEach((id) => this.underWay.delete(id)),
      );
    }
    return Promise.all(ids.map((id) => (this.recent.has(id) ? Promise.resolve(this.recent.get(id)) : this.underWay.get(id)!)));
  };

  private keep(id: number, payload: PayloadRecord | undefined): void {
    this.underWay.delete(id);
    const chars = payload?.data.length ?? 0;
    if (chars > this.budgetChars) return;
    this.recent.set(id, payload);
    this.keptChars += chars;
    for (const [oldId, old] of this.recent) {
      if (this.keptChars <= this.budgetChars) break;
      this.recent.delete(oldId);
      this.keptChars -= old?.data.length ?? 0;
    }
  }
}
