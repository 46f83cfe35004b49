// .proto text to ProtoSchema with protobufjs's parser: the schema's shape, the chooser's list, and errors
// that name the file and line (or the field) a user must fix.
import { describe, expect, test } from 'vitest';
import { parseProtoFiles, type ProtoFileText } from '../../src/panel/protocols/proto-schema';
import { protoFiles } from './proto-fixtures';

const problemsOf = (files: ProtoFileText[]) => {
  const result = parseProtoFiles(files);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
};

describe('a valid set of files', () => {
  const result = parseProtoFiles(protoFiles);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const message = (name: string) => result.schema.messages.find((type) => type.name === name)!;
  const field = (type: string, name: string) => message(type).fields.find((candidate) => candidate.name === name);

  test('lists every message type by full name for the chooser, well-known imports included', () => {
    expect(result.messageTypes).toEqual([
      'chat.v1.ChatMessage',
      'chat.v1.Envelope',
      'chat.v1.Ping',
      'chat.v1.User',
      'common.Geo',
      'google.protobuf.Timestamp',
      'legacy.Search',
      'legacy.Search.Result',
    ]);
  });

  test('fields keep their .proto names, types, labels, packing, maps, oneofs and referenced type names', () => {
    expect(field('chat.v1.ChatMessage', 'sent_at')).toEqual({
      number: 16,
      name: 'sent_at',
      type: 'message',
      typeName: 'google.protobuf.Timestamp',
      label: 'optional',
    });
    expect(field('chat.v1.ChatMessage', 'reactions')).toEqual({ number: 4, name: 'reactions', type: 'int32', label: 'repeated', packed: true });
    expect(field('chat.v1.ChatMessage', 'unpacked_reactions')).toEqual({ number: 5, name: 'unpacked_reactions', type: 'int32', label: 'repeated' });
    expect(field('chat.v1.ChatMessage', 'mentions')).toEqual({
      number: 7,
      name: 'mentions',
      type: 'message',
      typeName: 'chat.v1.User',
      label: 'repeated',
      map: { keyType: 'int32' },
    });
    expect(field('chat.v1.ChatMessage', 'reply_to')).toEqual({ number: 17, name: 'reply_to', type: 'string', label: 'optional' });
    expect(field('chat.v1.Envelope', 'ping')).toMatchObject({ type: 'message', typeName: 'chat.v1.Ping', oneof: 'payload' });
    expect(field('chat.v1.User', 'presence')).toMatchObject({ type: 'enum', typeName: 'chat.v1.Presence' });
    expect(field('legacy.Search', 'result')).toEqual({ number: 2, name: 'result', type: 'group', typeName: 'legacy.Search.Result', label: 'repeated' });
    expect(field('legacy.Search', 'query')).toMatchObject({ label: 'required' });
    expect(result.schema.enums.find((type) => type.name === 'legacy.Kind')!.values).toEqual([
      { name: 'KIND_A', number: 1 },
      { name: 'KIND_FIRST', number: 1 },
      { name: 'KIND_B', number: 2 },
    ]);
  });

  test('the schema is plain data: it survives JSON and structured cloning unchanged', () => {
    expect(JSON.parse(JSON.stringify(result.schema))).toEqual(result.schema);
    expect(structuredClone(result.schema)).toEqual(result.schema);
  });

  test('imports match files added under a longer path', () => {
    const files = protoFiles.map((file) => (file.name === 'common.proto' ? { ...file, name: 'protos/common.proto' } : file));
    expect(parseProtoFiles(files).ok).toBe(true);
  });
});

describe('problems a user must fix', () => {
  test('a syntax error names the file, line and column, with the line', () => {
    const text = 'syntax = "proto3";\n\nmessage A {\n  int32 x = ;\n}\n';
    expect(problemsOf([{ name: 'bad.proto', text }])).toEqual([
      { file: 'bad.proto', line: 4, column: 13, lineText: '  int32 x = ;', message: "illegal id ';'" },
    ]);
  });

  test('the column is where the named token stands as a whole word, not inside another', () => {
    const [problem] = problemsOf([{ name: 'word.proto', text: 'syntax = "proto3";\nmessage Box { int32 count = x; }\n' }]);
    expect(problem).toMatchObject({ line: 2, column: 29, message: "illegal id 'x'" });
    expect(problemsOf([{ name: 'eol.proto', text: 'syntax = "proto3";\nmessage A {\n  int32 x = 1\n}\n' }])).toEqual([
      { file: 'eol.proto', line: 4, column: 1, lineText: '}', message: "illegal token '}', ';' expected" },
    ]);
  });

  test('an unterminated string names its line and its opening quote', () => {
    const [problem] = problemsOf([{ name: 'str.proto', text: 'syntax = "proto3";\nmessage A {\n  string s = 1 [default = "x];\n}\n' }]);
    expect(problem).toMatchObject({ file: 'str.proto', line: 3, column: 27 });
    expect(problem!.message).toMatch(/illegal string/);
  });

  test('each broken file is reported, not only the first', () => {
    const problems = problemsOf([
      { name: 'one.proto', text: 'message {' },
      { name: 'two.proto', text: 'syntax = "proto3";\nmessage B { int32 y = 1 }' },
    ]);
    expect(problems.map((problem) => [problem.file, problem.line])).toEqual([
      ['one.proto', 1],
      ['two.proto', 2],
    ]);
  });

  test('a missing import names the importing file and the path', () => {
    const problems = problemsOf(protoFiles.filter((file) => file.name !== 'common.proto'));
    expect(problems).toEqual([{ file: 'chat.proto', message: 'imports "common.proto", which is not among the .proto files added' }]);
  });

  test('an unknown type names the file, the message and the field', () => {
    const problems = problemsOf([{ name: 'types.proto', text: 'syntax = "proto3";\npackage p;\nmessage A { Missing m = 1; }\n' }]);
    expect(problems).toEqual([{ file: 'types.proto', message: 'p.A.m: type "Missing" is not defined in these files' }]);
  });

  test('a type declared twice across files', () => {
    const text = 'syntax = "proto3";\npackage p;\nmessage A { int32 x = 1; }\n';
    const problems = problemsOf([
      { name: 'a.proto', text },
      { name: 'b.proto', text },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'b.proto' });
    expect(problems[0]!.message).toMatch(/duplicate name 'A'/);
  });
});
