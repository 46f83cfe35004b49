// Settings → .proto files: add and remove the files Protocol Buffers connections are decoded with, and
// see at once what is wrong in them (file, line, column, the line itself). Applies as soon as changed.
import { useState } from 'preact/hooks';
import { MAX_PROTO_FILE_BYTES } from '../protocols/proto-slice';
import type { ProtoSchemaProblem } from '../protocols/proto-schema';
import { usePanel } from '../usePanel';
import './proto-files.css';

export function ProtoFiles() {
  const { protoSchemas } = usePanel();
  const { files } = protoSchemas.settings.value;
  const state = protoSchemas.state.value;
  const [readProblem, setReadProblem] = useState<string | null>(null);

  const add = async (chosen: FileList | null) => {
    const picked = [...(chosen ?? [])];
    const tooLarge = picked.filter((file) => file.size > MAX_PROTO_FILE_BYTES);
    setReadProblem(tooLarge.length > 0 ? `Not added, over ${MAX_PROTO_FILE_BYTES / 1024 / 1024} MB: ${tooLarge.map((file) => file.name).join(', ')}` : null);
    try {
      const read = await Promise.all(picked.filter((file) => !tooLarge.includes(file)).map(async (file) => ({ name: file.name, text: await file.text() })));
      if (read.length > 0) await protoSchemas.addFiles(read);
    } catch (error) {
      setReadProblem(`Could not add the files: ${String(error)}`);
    }
  };

  return (
    <section class="proto-files" aria-label=".proto files">
      <h3>.proto files</h3>
      <p class="wsi-hint">
        Protocol Buffers connections are read with these files: choose each direction's message type in the connection's protocol menu. Imports between the
        files and of Google's well-known types are resolved.
      </p>
      {files.length === 0 ? (
        <p class="wsi-hint">No .proto files yet.</p>
      ) : (
        <ul class="proto-file-list">
          {files.map((file) => (
            <li key={file.name}>
              <span class="proto-file-name">{file.name}</span>
              <span class="wsi-hint">{file.text.split('\n').length} lines</span>
              <span class="grow" />
              <button type="button" aria-label={`Remove ${file.name}`} onClick={() => void protoSchemas.removeFile(file.name)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <label class="proto-add">
        Add .proto files
        <input
          type="file"
          accept=".proto"
          multiple
          onChange={(event) => {
            const input = event.currentTarget;
            void add(input.files).then(() => (input.value = ''));
          }}
        />
      </label>
      {readProblem && (
        <p class="wsi-error" role="alert">
          {readProblem}
        </p>
      )}
      <ProtoStatus state={state} />
    </section>
  );
}

function ProtoStatus({ state }: { state: ReturnType<typeof usePanel>['protoSchemas']['state']['value'] }) {
  if (state.status === 'none') return null;
  if (state.status === 'parsing') return <p class="wsi-hint">Reading the files…</p>;
  if (state.status === 'ok') return <p class="proto-ok">{state.messageTypes.length} message types.</p>;
  return (
    <div class="wsi-error proto-problems" role="alert">
      <p>Not used until fixed:</p>
      <ul>
        {state.problems.map((problem, index) => (
          <li key={index}>
            <ProblemView problem={problem} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function ProblemView({ problem }: { problem: ProtoSchemaProblem }) {
  const where = [problem.file, problem.line, problem.column].filter((part) => part !== undefined && part !== '').join(':');
  const at = [problem.line !== undefined && `line ${problem.line}`, problem.column !== undefined && `column ${problem.column}`].filter(Boolean).join(', ');
  return (
    <>
      <span class="proto-problem-where">{where}</span> {problem.message}
      {at && <span class="proto-problem-at"> ({at})</span>}
      {problem.lineText !== undefined && (
        <pre class="proto-problem-line">
          {problem.lineText}
          {problem.column !== undefined && `\n${' '.repeat(problem.column - 1)}^`}
        </pre>
      )}
    </>
  );
}
