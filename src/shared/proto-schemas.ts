// The user's .proto files and which message type each direction of a socket carries: their stored shape,
// kept under its own storage.local key (not in `settings`, which every frame's relay reads) and checked
// on read like any stored value. The Settings UI edits it; the panel turns the files into a ProtoSchema
// (src/panel/protocols/proto-schema.ts) and decodes with the binding that applies.

/** The one storage.local key holding the .proto files and bindings. */
export const PROTO_SCHEMAS_KEY = 'protoSchemas';

export interface StoredProtoFile {
  /** As the user named it; imports between files match on it ('chat/v1/chat.proto'). Unique. */
  name: string;
  /** The .proto source as added: re-parsed on load, so an edit or a protobufjs update needs no migration. */
  text: string;
  /** Date.now() when added or last replaced. */
  updatedAt: number;
}

/** The message type (full name, 'chat.v1.Envelope') each direction carries; a direction left out is decoded without schema. */
export interface ProtoDirectionTypes {
  send?: string;
  receive?: string;
}

/** Remembered per socket URL (origin and path; query and fragment dropped), so a reload's new socket decodes at once. */
export interface ProtoUrlBinding extends ProtoDirectionTypes {
  url: string;
}

export interface ProtoSchemaSettings {
  files: StoredProtoFile[];
  bindings: ProtoUrlBinding[];
}

export const EMPTY_PROTO_SCHEMA_SETTINGS: Readonly<ProtoSchemaSettings> = { files: [], bindings: [] };

/** A socket URL as bindings key it: without query and fragment, which often carry tokens and nonces. */
export function bindingUrl(socketUrl: string): string {
  const end = socketUrl.search(/[?#]/);
  return end === -1 ? socketUrl : socketUrl.slice(0, end);
}

/**
 * The message types for a socket: a choice made for this one connection (kept by the panel, not stored)
 * wins over the binding remembered for its URL.
 */
export function protoTypesFor(settings: ProtoSchemaSettings, socketUrl: string, connectionChoice?: ProtoDirectionTypes): ProtoDirectionTypes | undefined {
  if (connectionChoice && (connectionChoice.send || connectionChoice.receive)) return connectionChoice;
  const url = bindingUrl(socketUrl);
  const binding = settings.bindings.find((candidate) => candidate.url === url);
  if (!binding) return undefined;
  const { url: _url, ...types } = binding;
  return types;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** What was stored, with malformed entries dropped (and later duplicates of a file name or URL). */
export function normalizeProtoSchemaSettings(raw: unknown): ProtoSchemaSettings {
  if (!isRecord(raw)) return { files: [], bindings: [] };
  const files: StoredProtoFile[] = [];
  for (const entry of Array.isArray(raw.files) ? raw.files : []) {
    if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name === '' || typeof entry.text !== 'string') continue;
    if (files.some((file) => file.name === entry.name)) continue;
    files.push({
      name: entry.name,
      text: entry.text,
      updatedAt: typeof entry.updatedAt === 'number' && Number.isFinite(entry.updatedAt) ? entry.updatedAt : 0,
    });
  }
  const bindings: ProtoUrlBinding[] = [];
  for (const entry of Array.isArray(raw.bindings) ? raw.bindings : []) {
    if (!isRecord(entry) || typeof entry.url !== 'string' || entry.url === '') continue;
    const url = bindingUrl(entry.url);
    const send = optionalString(entry.send);
    const receive = optionalString(entry.receive);
    if ((!send && !receive) || bindings.some((binding) => binding.url === url)) continue;
    bindings.push({ url, ...(send ? { send } : {}), ...(receive ? { receive } : {}) });
  }
  return { files, bindings };
}
