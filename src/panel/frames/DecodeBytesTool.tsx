// The Decode bytes form: input (paste or file), format, role and extensions; results below.
import { useState } from 'preact/hooks';
import type { Role } from '../../rfc6455';
import { decodeCaptured, type DecodeFormat, type DecodeOutcome, type DecodeRequest } from './decodeInput';
import { DecodedResults } from './DecodedResults';
import './frames.css';

const FORMATS: [DecodeFormat, string][] = [
  ['auto', 'Auto'],
  ['hex', 'Hex (plain, xxd, Wireshark)'],
  ['base64', 'Base64'],
  ['raw', 'Raw file bytes'],
];

export function DecodeBytesTool() {
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [format, setFormat] = useState<DecodeFormat>('auto');
  const [role, setRole] = useState<Role>('client');
  const [deflate, setDeflate] = useState(false);
  const [extensions, setExtensions] = useState('permessage-deflate');
  const [outcome, setOutcome] = useState<DecodeOutcome | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  /** A new key clears the file input's own display of the chosen name. */
  const [fileInputKey, setFileInputKey] = useState(0);
  /** Counts decodes, so each result starts with its dumps folded to the first page. */
  const [run, setRun] = useState(0);

  const decode = () => {
    const input: DecodeRequest['input'] = file ? { kind: 'file', ...file } : { kind: 'text', text };
    setRun(run + 1);
    setOutcome(decodeCaptured({ input, format, role, extensions: deflate ? extensions : null }));
  };
  const forgetFile = () => {
    setFile(null);
    setFileInputKey(fileInputKey + 1);
  };
  const openFile = async (picked: File | undefined) => {
    setFileError(null);
    if (!picked) return setFile(null);
    try {
      setFile({ name: picked.name, bytes: new Uint8Array(await picked.arrayBuffer()) });
    } catch (error) {
      setFileError(`Could not read ${picked.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <div class="decode-bytes">
      <label class="wsi-field">
        Paste hex (plain, xxd, Wireshark hex dump) or base64
        <textarea
          data-testid="decode-input"
          spellcheck={false}
          value={text}
          disabled={file !== null}
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => (event.ctrlKey || event.metaKey) && event.key === 'Enter' && decode()}
        />
      </label>
      <div class="wsi-row">
        <label>
          or open a file <input key={fileInputKey} type="file" data-testid="decode-file" onChange={(event) => void openFile(event.currentTarget.files?.[0])} />
        </label>
        {file && (
          <>
            <span class="wsi-hint">
              {file.name}: {file.bytes.length} bytes (used instead of the pasted text)
            </span>
            <button type="button" onClick={forgetFile}>
              Forget file
            </button>
          </>
        )}
      </div>
      {fileError && <div class="wsi-error">{fileError}</div>}
      <div class="wsi-row">
        <label>
          Format{' '}
          <select value={format} aria-label="Format" onChange={(event) => setFormat(event.currentTarget.value as DecodeFormat)}>
            {FORMATS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sent by{' '}
          <select value={role} aria-label="Role" onChange={(event) => setRole(event.currentTarget.value as Role)}>
            <option value="client">client (frames masked)</option>
            <option value="server">server (frames unmasked)</option>
          </select>
        </label>
        <label>
          Extensions{' '}
          <select value={deflate ? 'deflate' : 'none'} aria-label="Extensions" onChange={(event) => setDeflate(event.currentTarget.value === 'deflate')}>
            <option value="none">none</option>
            <option value="deflate">permessage-deflate</option>
          </select>
        </label>
        {deflate && (
          <input
            type="text"
            class="grow"
            aria-label="Sec-WebSocket-Extensions value"
            value={extensions}
            onInput={(event) => setExtensions(event.currentTarget.value)}
          />
        )}
        <button type="button" class="primary" title="Ctrl+Enter in the text box does the same" onClick={decode}>
          Decode
        </button>
      </div>
      {outcome && !outcome.ok && (
        <div class="wsi-error" role="alert" data-testid="decode-input-error">
          {outcome.error}
        </div>
      )}
      {outcome?.ok && <DecodedResults key={run} bytes={outcome.bytes} format={outcome.format} events={outcome.events} />}
    </div>
  );
}
