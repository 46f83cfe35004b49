// The user's .proto files and message-type bindings (src/shared/proto-schemas.ts) in storage.local, under
// their own key; read back checked. Changes made in one panel reach every open panel and history tab.
import { normalizeProtoSchemaSettings, PROTO_SCHEMAS_KEY, type ProtoSchemaSettings } from '../shared/proto-schemas';
import { nativeApi as browser } from './native-api';

export async function loadProtoSchemaSettings(): Promise<ProtoSchemaSettings> {
  return normalizeProtoSchemaSettings((await browser.storage.local.get(PROTO_SCHEMAS_KEY))[PROTO_SCHEMAS_KEY]);
}

export async function saveProtoSchemaSettings(settings: ProtoSchemaSettings): Promise<void> {
  await browser.storage.local.set({ [PROTO_SCHEMAS_KEY]: normalizeProtoSchemaSettings(settings) });
}

/** Calls `listener` with what is stored whenever it changes. Returns an unsubscribe function. */
export function onProtoSchemaSettingsChanged(listener: (settings: ProtoSchemaSettings) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area === 'local' && PROTO_SCHEMAS_KEY in changes) listener(normalizeProtoSchemaSettings(changes[PROTO_SCHEMAS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
