// The .proto files of test/fixtures/proto, as protobufjs types (to encode real messages) and as the
// ProtoSchema our panel code makes of them (to decode them).
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { parseProtoFiles, type ProtoFileText } from '../../src/panel/protocols/proto-schema';
import type { ProtoSchema } from '../../src/protocols/protobuf-schema';

export const protoFiles: ProtoFileText[] = ['chat.proto', 'common.proto', 'legacy.proto'].map((name) => ({
  name,
  text: readFileSync(new URL(`../fixtures/proto/${name}`, import.meta.url), 'utf8'),
}));

export function fixtureSchema(): ProtoSchema {
  const parsed = parseProtoFiles(protoFiles);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.schema;
}

/** protobufjs's own reading of the fixtures, used only to encode. */
export function fixtureRoot(): protobuf.Root {
  const root = new protobuf.Root();
  for (const file of protoFiles) protobuf.parse(file.text, root, { keepCase: true });
  root.addJSON(protobuf.common.get('google/protobuf/timestamp.proto')!.nested!);
  root.resolveAll();
  return root;
}

export function encodeAs(root: protobuf.Root, typeName: string, value: Record<string, unknown>): Uint8Array {
  const type = root.lookupType(typeName);
  return type.encode(type.fromObject(value)).finish();
}
