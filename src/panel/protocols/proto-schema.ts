// A user's .proto files turned into the ProtoSchema the pure decoder reads (src/protocols/ may import no
// package, so protobufjs's parser is used here). Syntax errors name their file, line and column (protobufjs
// gives the line; the column is where the token it names stands on that line) and carry the line's text;
// missing imports and unknown types name the file and the field. protobufjs is large: load this module on use.
import protobuf from 'protobufjs';
import type { ProtoEnumType, ProtoField, ProtoFieldType, ProtoMessageType, ProtoScalarType, ProtoSchema } from '../../protocols/protobuf-schema';

export interface ProtoFileText {
  /** As the user named it; imports are matched against it ('chat/v1/chat.proto' or 'chat.proto'). */
  name: string;
  text: string;
}

export interface ProtoSchemaProblem {
  file: string;
  /** 1-based, when the parser knows it. */
  line?: number;
  /** 1-based, when the token the parser names is found on that line. */
  column?: number;
  /** The text of that line, to show the problem in place. */
  lineText?: string;
  message: string;
}

export type ProtoParseResult =
  | { ok: true; schema: ProtoSchema; /** Full names of every message type, sorted, for the message-type chooser. */ messageTypes: string[] }
  | { ok: false; problems: ProtoSchemaProblem[] };

/** Parses the files together (they may import one another and google/protobuf's well-known types). */
export function parseProtoFiles(files: readonly ProtoFileText[]): ProtoParseResult {
  const root = new protobuf.Root();
  const problems: ProtoSchemaProblem[] = [];
  const imports: { file: string; path: string }[] = [];
  // protobufjs names the file in its syntax errors from this static, which its typings leave out.
  const parser = protobuf.parse as typeof protobuf.parse & { filename: string | null };
  for (const file of files) {
    try {
      parser.filename = file.name;
      const parsed = protobuf.parse(file.text, root, { keepCase: true });
      for (const path of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) imports.push({ file: file.name, path });
    } catch (error) {
      problems.push(syntaxProblem(file, error));
    } finally {
      parser.filename = null;
    }
  }
  const addedCommons = new Set<string>();
  for (const { file, path } of imports) {
    if (files.some((candidate) => sameFile(candidate.name, path)) || addedCommons.has(path)) continue;
    const common = protobuf.common.get(path);
    if (common) {
      root.addJSON(common.nested ?? {});
      addedCommons.add(path);
    } else problems.push({ file, message: `imports "${path}", which is not among the .proto files added` });
  }
  if (problems.length > 0) return { ok: false, problems };

  problems.push(...unresolvedFields(root));
  if (problems.length > 0) return { ok: false, problems };
  try {
    root.resolveAll();
  } catch (error) {
    return { ok: false, problems: [{ file: '', message: errorMessage(error) }] };
  }
  const schema: ProtoSchema = { messages: [], enums: [] };
  collect(root, schema);
  return { ok: true, schema, messageTypes: schema.messages.map((message) => message.name).sort() };
}

/** "illegal token 'x' (chat.proto, line 3)" → file, line, column and the message without the parenthesis. */
function syntaxProblem(file: ProtoFileText, error: unknown): ProtoSchemaProblem {
  const message = errorMessage(error);
  const lineMatch = /\bline (\d+)\)\s*$/.exec(message);
  const bare = message.replace(/\s*\((?:[^()]*, )?line \d+\)\s*$/, '');
  if (!lineMatch) return { file: file.name, message: bare };
  const line = Number(lineMatch[1]);
  const lineText = file.text.split(/\r?\n/)[line - 1];
  if (lineText === undefined) return { file: file.name, line, message: bare };
  const column = columnOf(bare, lineText);
  return column === undefined ? { file: file.name, line, lineText, message: bare } : { file: file.name, line, column, lineText, message: bare };
}

/**
 * Where on its line the problem is (1-based): the first place the token the message quotes ("illegal id ';'")
 * stands, as a whole word when it is one; for an unterminated string, its opening quote.
 */
export function columnOf(message: string, lineText: string): number | undefined {
  if (message.startsWith('illegal string')) {
    const quote = unclosedQuote(lineText);
    return quote === undefined ? undefined : quote + 1;
  }
  const token = /'(.+?)'(?:,|$)/.exec(message)?.[1];
  if (token === undefined) return undefined;
  const pattern = /^[\w.]+$/.test(token) ? new RegExp(`(?<![\\w.])${token.replace(/\./g, '\\.')}(?![\\w.])`) : undefined;
  const at = pattern ? lineText.search(pattern) : lineText.indexOf(token);
  return at === -1 ? undefined : at + 1;
}

/** The index of the first quote on the line that no later quote of the same kind closes. */
function unclosedQuote(lineText: string): number | undefined {
  let open: { quote: string; at: number } | undefined;
  for (let i = 0; i < lineText.length; i++) {
    const char = lineText[i]!;
    if (open) {
      if (char === '\\') i++;
      else if (char === open.quote) open = undefined;
    } else if (char === '"' || char === "'") open = { quote: char, at: i };
  }
  return open?.at;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An import path names a file when equal, or when one ends with the other at a '/' boundary. */
function sameFile(name: string, path: string): boolean {
  if (name === path) return true;
  return name.endsWith(`/${path}`) || path.endsWith(`/${name}`);
}

/** Every field whose type cannot be found, named by file, message and field. */
function unresolvedFields(root: protobuf.Root): ProtoSchemaProblem[] {
  const problems: ProtoSchemaProblem[] = [];
  const visit = (namespace: protobuf.NamespaceBase) => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof protobuf.Type) {
        for (const field of nested.fieldsArray) {
          try {
            field.resolve();
          } catch {
            problems.push({
              file: field.filename ?? nested.filename ?? '',
              message: `${fullName(nested)}.${field.name}: type "${field.type}" is not defined in these files`,
            });
          }
        }
      }
      if (nested instanceof protobuf.Namespace) visit(nested);
    }
  };
  visit(root);
  return problems;
}

function fullName(object: protobuf.ReflectionObject): string {
  return object.fullName.replace(/^\./, '');
}

function collect(namespace: protobuf.NamespaceBase, schema: ProtoSchema): void {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) schema.messages.push(messageOf(nested));
    else if (nested instanceof protobuf.Enum) schema.enums.push(enumOf(nested));
    if (nested instanceof protobuf.Namespace) collect(nested, schema);
  }
}

function messageOf(type: protobuf.Type): ProtoMessageType {
  return { name: fullName(type), fields: type.fieldsArray.map(fieldOf) };
}

function enumOf(type: protobuf.Enum): ProtoEnumType {
  return { name: fullName(type), values: Object.entries(type.values).map(([name, number]) => ({ name, number })) };
}

function fieldOf(field: protobuf.Field): ProtoField {
  const resolved = field.resolvedType;
  const type: ProtoFieldType =
    resolved instanceof protobuf.Enum ? 'enum' : resolved instanceof protobuf.Type ? (field.delimited ? 'group' : 'message') : (field.type as ProtoScalarType);
  const out: ProtoField = {
    number: field.id,
    name: field.name,
    type,
    label: field.repeated || field.map ? 'repeated' : field.required ? 'required' : 'optional',
  };
  if (resolved) out.typeName = fullName(resolved);
  if (field instanceof protobuf.MapField) out.map = { keyType: field.keyType as ProtoScalarType };
  else if (field.repeated && field.packed && type !== 'string' && type !== 'bytes' && type !== 'message' && type !== 'group') out.packed = true;
  // proto3 `optional` fields sit in a synthetic oneof "_name": presence, not a choice.
  const oneof = field.partOf;
  if (oneof && !(oneof.name === `_${field.name}` && oneof.oneof.length === 1)) out.oneof = oneof.name;
  return out;
}
