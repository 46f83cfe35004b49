// The user's .proto files as the panel uses them: kept in storage (through PanelHost), parsed together by
// proto-schema.ts (protobufjs, loaded only once there are files), and the message type each direction of
// a socket URL carries. A Protocol Buffers connection whose URL has types bound decodes with the schema;
// any change of files or bindings, here or in another panel, decodes every message again.
import { signal } from '@preact/signals';
import type { ProtoBinding } from '../../protocols/protobuf';
import type { ProtoSchema } from '../../protocols/protobuf-schema';
import type { ConnectionContext, ProtocolDecoder } from '../../protocols/types';
import { bindingUrl, EMPTY_PROTO_SCHEMA_SETTINGS, protoTypesFor, type ProtoDirectionTypes, type ProtoSchemaSettings } from '../../shared/proto-schemas';
import type { ProtoFileText, ProtoSchemaProblem } from './proto-schema';

export interface ProtoSchemaStore {
  load(): Promise<ProtoSchemaSettings>;
  save(settings: ProtoSchemaSettings): Promise<void>;
  /** Calls back with what is stored after every change (this panel's too); returns an unsubscribe function. */
  onChange(listener: (settings: ProtoSchemaSettings) => void): () => void;
}

export type ProtoSchemaState =
  | { status: 'none' }
  | { status: 'parsing' }
  | { status: 'ok'; schema: ProtoSchema; messageTypes: readonly string[] }
  | { status: 'problems'; problems: readonly ProtoSchemaProblem[] };

/** Larger files are refused when added: a .proto file is text of a few kilobytes, and storage.local is small. */
export const MAX_PROTO_FILE_BYTES = 1024 * 1024;

type WithSchema = (binding: ProtoBinding) => ProtocolDecoder;

export class ProtoSchemaSlice {
  readonly settings = signal<ProtoSchemaSettings>(EMPTY_PROTO_SCHEMA_SETTINGS);
  readonly state = signal<ProtoSchemaState>({ status: 'none' });
  /** Settles once the stored files are read and parsed. */
  readonly loaded: Promise<void>;
  private withSchema: WithSchema | undefined;
  private parseGeneration = 0;
  private readonly stopWatching: () => void;

  constructor(
    private readonly store: ProtoSchemaStore,
    /** Called when what decoding depends on changed: the parsed schema or the bindings. */
    private readonly onDecodingChanged: () => void,
  ) {
    this.loaded = store.load().then(
      (settings) => this.apply(settings),
      () => {},
    );
    this.stopWatching = store.onChange((settings) => void this.apply(settings));
  }

  dispose(): void {
    this.stopWatching();
    this.parseGeneration++;
  }

  /** Adds files, each replacing a stored file of the same name. */
  async addFiles(files: readonly ProtoFileText[]): Promise<void> {
    const now = Date.now();
    const kept = this.settings.peek().files.filter((stored) => !files.some((file) => file.name === stored.name));
    await this.save({ ...this.settings.peek(), files: [...kept, ...files.map((file) => ({ ...file, updatedAt: now }))] });
  }

  async removeFile(name: string): Promise<void> {
    await this.save({ ...this.settings.peek(), files: this.settings.peek().files.filter((file) => file.name !== name) });
  }

  /** The message types bound to a socket's URL (query left out). */
  typesFor(socketUrl: string): ProtoDirectionTypes | undefined {
    return protoTypesFor(this.settings.peek(), socketUrl);
  }

  /** Remembers the message type of each direction for the socket's URL; both empty forgets the binding. */
  async setTypes(socketUrl: string, types: ProtoDirectionTypes): Promise<void> {
    const url = bindingUrl(socketUrl);
    const others = this.settings.peek().bindings.filter((binding) => binding.url !== url);
    const binding = { url, ...(types.send ? { send: types.send } : {}), ...(types.receive ? { receive: types.receive } : {}) };
    await this.save({ ...this.settings.peek(), bindings: types.send || types.receive ? [...others, binding] : others });
  }

  /** The decoder a connection uses: Protocol Buffers with the schema when its URL has message types bound. */
  refine(decoder: ProtocolDecoder, context: ConnectionContext): ProtocolDecoder {
    if (decoder.id !== 'protobuf' || !this.withSchema) return decoder;
    const state = this.state.peek();
    const types = this.typesFor(context.url);
    if (state.status !== 'ok' || !types) return decoder;
    return this.withSchema({ schema: state.schema, ...types });
  }

  /** Applies the change here at once (the files parsed), then stores it. */
  private async save(settings: ProtoSchemaSettings): Promise<void> {
    const applied = this.apply(settings);
    await this.store.save(settings);
    await applied;
  }

  private async apply(settings: ProtoSchemaSettings): Promise<void> {
    const previous = this.settings.peek();
    if (JSON.stringify(previous) === JSON.stringify(settings)) return;
    this.settings.value = settings;
    if (JSON.stringify(previous.files) !== JSON.stringify(settings.files)) await this.parse(settings.files);
    else if (this.state.peek().status === 'ok') this.onDecodingChanged();
  }

  private async parse(files: readonly ProtoFileText[]): Promise<void> {
    const generation = ++this.parseGeneration;
    const hadSchema = this.state.peek().status === 'ok';
    if (files.length === 0) {
      this.state.value = { status: 'none' };
      if (hadSchema) this.onDecodingChanged();
      return;
    }
    this.state.value = { status: 'parsing' };
    let next: ProtoSchemaState;
    try {
      const [{ parseProtoFiles }, { protobufDecoderWithSchema }] = await Promise.all([import('./proto-schema'), import('../../protocols/protobuf')]);
      this.withSchema = protobufDecoderWithSchema;
      const parsed = parseProtoFiles(files.map(({ name, text }) => ({ name, text })));
      next = parsed.ok ? { status: 'ok', schema: parsed.schema, messageTypes: parsed.messageTypes } : { status: 'problems', problems: parsed.problems };
    } catch (error) {
      next = { status: 'problems', problems: [{ file: '', message: `could not read the .proto files: ${String(error)}` }] };
    }
    if (generation !== this.parseGeneration) return;
    this.state.value = next;
    if (hadSchema || next.status === 'ok') this.onDecodingChanged();
  }
}
