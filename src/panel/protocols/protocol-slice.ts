// Protocol views: which protocol each connection speaks (detected, or chosen by the user per socket
// origin), and every message decoded by it. Decoding runs in the panel only, after the rows are read, in
// batches between frames, per connection in arrival order (decoders keep state across messages). The
// decoders' code loads on first use, not with the panel.
import { effect, signal } from '@preact/signals';
import type { StoredMessage } from '../../db/message-chunks';
import type { ConnectionContext, DecodedMessage, MessageInput, ProtocolDecoder, ProtocolId, TreeNode } from '../../protocols/types';
import type { ConnectionRecord, PayloadRecord } from '../../shared/models';
import type { LogSlice } from '../state/log-slice';
import type { SessionSlice } from '../state/session-slice';
import { previewIsWhole } from '../format';
import { messageInput } from './message-input';
import { Turns } from '../turns';

import type * as RegistryModule from '../../protocols/registry';

type Registry = typeof RegistryModule;

/**
 * Decoders that read any JSON app's messages: they carry no protocol's request ids, and their summary
 * repeats the Data column, so they do not bring the Summary column either.
 */
const GENERIC_DECODERS: ReadonlySet<ProtocolId> = new Set(['json', 'json-lines']);

export const isGenericProtocol = (id: ProtocolId): boolean => GENERIC_DECODERS.has(id);

/** Rows decoded per step before yielding to the page. */
const BATCH_ROWS = 2000;
/**
 * Decoded messages of a protocol of its own whose trees are kept, the newest: a tree costs several times
 * its message's summary, so older messages are decoded again when shown (`withTree`).
 */
const TREE_ROWS = 50_000;
/** Messages a detector sees at most. */
const DETECTION_MESSAGES = 5;

/** What the user chose for a socket origin: a protocol, 'raw' (none), or nothing (detect). */
export type ProtocolChoice = ProtocolId | 'raw';

export interface ConnectionProtocol {
  id: ProtocolId;
  name: string;
  /** True when the user chose it rather than detection. */
  chosen: boolean;
}

interface ConnectionDecoding {
  decoder: ProtocolDecoder | undefined;
  state: unknown;
  context: ConnectionContext;
}

export interface ProtocolStore {
  load(): Promise<Record<string, ProtocolChoice>>;
  save(choices: Record<string, ProtocolChoice>): Promise<void>;
}

export class ProtocolSlice {
  /** Bumped as batches of messages are decoded: rows and the detail pane re-read their summaries. */
  readonly version = signal(0);
  /** The protocol of each connection decoded so far (connections shown raw are absent). */
  readonly byConnection = signal<ReadonlyMap<string, ConnectionProtocol>>(new Map());
  /** The user's choices per socket origin (ws://host:port). */
  readonly choices = signal<Readonly<Record<string, ProtocolChoice>>>({});
  /** Every decoded message, without its tree: what the table, filters, pairs and statistics read. */
  private readonly decoded = new Map<number, DecodedMessage>();
  /** The newest decoded messages with their trees, oldest first (a Map keeps insertion order). */
  private readonly trees = new Map<number, DecodedMessage>();
  private readonly connections = new Map<string, ConnectionDecoding>();
  private registry: Registry | undefined;
  private decodedUpTo = 0;
  /** The log's epoch the decoded rows belong to: when it moves, the rows were replaced. */
  private decodedEpoch = 0;
  private generation = 0;
  /** Bumped when every message is decoded again (a user's choice, rows merged in): readers of decodedOf start over. */
  restarts = 0;
  private running = false;
  private readonly turns = new Turns();
  private readonly stopWatching: () => void;

  constructor(
    private readonly loadPayloads: (ids: readonly number[]) => Promise<(PayloadRecord | undefined)[]>,
    private readonly log: LogSlice,
    private readonly session: SessionSlice,
    private readonly store: ProtocolStore,
    /** Called after each decoded batch, so a protocol-field filter can be re-applied. */
    private readonly onDecoded: () => void,
    /** The decoder a connection gets in the end, from the one chosen or detected (a .proto schema bound to its URL). */
    private readonly refineDecoder: (decoder: ProtocolDecoder, context: ConnectionContext) => ProtocolDecoder = (decoder) => decoder,
    private readonly treesKept = TREE_ROWS,
  ) {
    void store.load().then((choices) => {
      this.choices.value = choices;
      this.restart();
    });
    this.stopWatching = effect(() => {
      void this.log.version.value;
      void this.session.connections.value;
      this.schedule();
    });
  }

  dispose(): void {
    this.stopWatching();
    this.generation++;
    this.turns.cancel();
  }

  /** How many of the log's rows, from the first, are decoded (or known to be shown raw). */
  get decodedCount(): number {
    return this.decodedUpTo;
  }

  /**
   * Whether the connection's protocol pairs requests with answers itself. Not when it is shown raw, nor
   * as generic JSON or JSON Lines: those connections pair by a JSON field (src/panel/pairs/).
   */
  pairsByProtocol(connectionId: string): boolean {
    const decoder = this.connections.get(connectionId)?.decoder;
    return decoder !== undefined && !isGenericProtocol(decoder.id);
  }

  /** The message's decoding without its tree (the tree is empty): summaries, fields, correlations. */
  decodedOf(messageId: number): DecodedMessage | undefined {
    return this.decoded.get(messageId);
  }

  /** The message's decoding with its tree, when it is among the newest kept; else see `withTree`. */
  keptWithTree(messageId: number): DecodedMessage | undefined {
    return this.trees.get(messageId);
  }

  /**
   * The message's decoding with its tree: kept for the newest messages; an older one is decoded again,
   * with its connection's messages before it, in order, since decoders carry state across messages.
   */
  async withTree(messageId: number): Promise<DecodedMessage | undefined> {
    const kept = this.trees.get(messageId);
    if (kept || !this.decoded.has(messageId)) return kept;
    const target = this.log.rowById(messageId);
    const known = target && this.connections.get(target.connectionId);
    if (!target || !known?.decoder) return undefined;
    const generation = this.generation;
    const again: ConnectionDecoding = { decoder: known.decoder, state: freshState(known.decoder, known.context), context: known.context };
    const indexes = this.log.indexesWhere((log, index) => log.connectionIdAt(index) === target.connectionId && log.idAt(index) <= messageId);
    for (let from = 0; from < indexes.length; from += BATCH_ROWS) {
      const batch = indexes.slice(from, from + BATCH_ROWS).map((index) => this.log.messageAt(index));
      const inputs = await this.inputsOf(batch);
      if (generation !== this.generation) return undefined;
      for (const [at, row] of batch.entries()) {
        const decoded = safeDecode(known.decoder, inputs[at]!, again);
        if (row.id === messageId) return decoded;
      }
      if (!(await this.turns.next())) return undefined;
    }
    return undefined;
  }

  /** The decoders there are, for the override menu (loads them). */
  async decoders(): Promise<readonly ProtocolDecoder[]> {
    return (await this.loadRegistry()).DECODERS;
  }

  /** Remembers the user's choice for the connection's socket origin and decodes its connections again. */
  async choose(connection: ConnectionRecord, choice: ProtocolChoice | 'auto'): Promise<void> {
    const origin = socketOrigin(connection.url);
    const next = { ...this.choices.peek() };
    if (choice === 'auto') delete next[origin];
    else next[origin] = choice;
    this.choices.value = next;
    this.restart();
    await this.store.save(next);
  }

  /** Decodes every message again: a choice, or what a decoder depends on (a .proto schema), changed. */
  restart(): void {
    this.generation++;
    this.restarts++;
    this.running = false;
    this.decoded.clear();
    this.trees.clear();
    this.connections.clear();
    this.decodedUpTo = 0;
    this.decodedEpoch = this.log.epoch;
    this.byConnection.value = new Map();
    this.version.value++;
    this.schedule();
  }

  private schedule(): void {
    // Rows merged in before those decoded, or a cleared view: start again from the top.
    if (this.decodedEpoch !== this.log.epoch) return this.restart();
    if (this.running || this.decodedUpTo >= this.log.peekCount()) return;
    void this.pump(this.generation);
  }

  private async loadRegistry(): Promise<Registry> {
    this.registry ??= await import('../../protocols/registry');
    return this.registry;
  }

  private async pump(generation: number): Promise<void> {
    this.running = true;
    try {
      // The decoders' module is the panel's largest: fetching and running it before the first rows are
      // on screen would delay them, so the first load waits for the paint after them.
      if (!this.registry && !(await this.turns.afterPaint())) return;
      const registry = await this.loadRegistry();
      for (;;) {
        if (generation !== this.generation) return;
        const end = Math.min(this.log.peekCount(), this.decodedUpTo + BATCH_ROWS);
        if (this.decodedUpTo >= end) return;
        // Only the new rows are made into records, once each.
        const batch: StoredMessage[] = [];
        for (let index = this.decodedUpTo; index < end; index++) batch.push(this.log.messageAt(index));
        const inputs = await this.inputsOf(batch);
        if (generation !== this.generation) return;
        this.decodeBatch(registry, batch, inputs);
        this.decodedUpTo = end;
        this.version.value++;
        this.onDecoded();
        if (!(await this.turns.next())) return;
      }
    } finally {
      if (generation === this.generation) this.running = false;
    }
  }

  private async inputsOf(batch: readonly StoredMessage[]): Promise<MessageInput[]> {
    const needed = batch.filter((row) => !previewIsWhole(row.payload) && this.mayDecode(row.connectionId)).map((row) => row.id);
    const loaded = needed.length > 0 ? await this.loadPayloads(needed) : [];
    const full = new Map(loaded.flatMap((payload) => (payload ? [[payload.id, payload] as const] : [])));
    return batch.map((row) => messageInput(row, full.get(row.id)));
  }

  /** False for a connection known to be shown raw: its payloads need not be read. */
  private mayDecode(connectionId: string): boolean {
    const known = this.connections.get(connectionId);
    return !known || known.decoder !== undefined;
  }

  private decodeBatch(registry: Registry, batch: readonly StoredMessage[], inputs: readonly MessageInput[]): void {
    let protocolsChanged = false;
    batch.forEach((row, index) => {
      let decoding = this.connections.get(row.connectionId);
      if (!decoding) {
        const firstMessages = inputs.filter((_, i) => i >= index && batch[i]!.connectionId === row.connectionId).slice(0, DETECTION_MESSAGES);
        decoding = this.startConnection(registry, row.connectionId, firstMessages);
        protocolsChanged ||= decoding.decoder !== undefined;
      }
      const { decoder } = decoding;
      if (!decoder) return;
      const decoded = safeDecode(decoder, inputs[index]!, decoding);
      this.decoded.set(row.id, withoutTrees(decoded));
      // Generic JSON's tree is never shown: the Payload tab reads the JSON itself.
      if (!isGenericProtocol(decoder.id)) this.keepTree(row.id, decoded);
    });
    if (protocolsChanged) {
      const next = new Map<string, ConnectionProtocol>();
      for (const [connectionId, decoding] of this.connections) {
        if (decoding.decoder)
          next.set(connectionId, { id: decoding.decoder.id, name: decoding.decoder.name, chosen: this.choiceFor(decoding.context.url) !== undefined });
      }
      this.byConnection.value = next;
    }
  }

  private keepTree(messageId: number, decoded: DecodedMessage): void {
    this.trees.set(messageId, decoded);
    if (this.trees.size > this.treesKept) this.trees.delete(this.trees.keys().next().value!);
  }

  private choiceFor(url: string): ProtocolChoice | undefined {
    return this.choices.peek()[socketOrigin(url)];
  }

  private startConnection(registry: Registry, connectionId: string, firstMessages: readonly MessageInput[]): ConnectionDecoding {
    const connection = this.session.connection(connectionId);
    const context: ConnectionContext = {
      url: connection?.url ?? '',
      protocol: connection?.protocol ?? '',
      requestedProtocols: connection?.requestedProtocols ?? [],
    };
    const choice = this.choiceFor(context.url);
    const found = choice === 'raw' ? undefined : choice ? registry.decoderById(choice) : registry.detectProtocol(context, firstMessages);
    const decoder = found && this.refineDecoder(found, context);
    const decoding = { decoder, state: decoder && freshState(decoder, context), context };
    this.connections.set(connectionId, decoding);
    return decoding;
  }
}

function freshState(decoder: ProtocolDecoder, context: ConnectionContext): unknown {
  try {
    return decoder.createState(context);
  } catch {
    return undefined;
  }
}

function safeDecode(decoder: ProtocolDecoder, input: MessageInput, decoding: ConnectionDecoding): DecodedMessage {
  try {
    return decoder.decode(input, decoding.state, decoding.context);
  } catch (error) {
    // The contract says decoders never throw; if one does, the message still shows, with why.
    const message = `decoder failed: ${error instanceof Error ? error.message : String(error)}`;
    return { protocol: decoder.id, summary: `malformed: ${message}`, items: [], error: message };
  }
}

const NO_TREE: TreeNode[] = [];

function withoutTrees(decoded: DecodedMessage): DecodedMessage {
  return { ...decoded, items: decoded.items.map((item) => ({ ...item, tree: NO_TREE })) };
}

/** Where a user's protocol choice applies: the socket's scheme, host and port. */
export function socketOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return url;
  }
}
