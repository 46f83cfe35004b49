import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'rfc6455', 'cli');

function decode(args: string[], stdin?: Uint8Array) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/decode.ts', ...args], { cwd: root, input: stdin, encoding: 'utf8' });
  const lines = result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status: result.status, lines, stdout: result.stdout, stderr: result.stderr };
}

const fixture = (name: string) => join(fixtures, name);

describe('decode CLI', () => {
  const raw = decode([fixture('client.bin')]);

  it('decodes a raw masked client stream (default role: client) and exits 0', () => {
    expect(raw.status).toBe(0);
    expect(raw.stderr).toBe('');
    expect(raw.lines[0]).toEqual({
      kind: 'frame',
      fin: false,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      opcode: 1,
      masked: true,
      maskKey: '37fa213d',
      length: 20,
      offset: 0,
    });
    expect(raw.lines.filter((line) => line.kind === 'message')).toEqual([
      { kind: 'message', type: 'text', text: 'Hello, inspector! 👋 fragments ahead' },
      { kind: 'message', type: 'binary', base64: 'AAECA/7/' },
      { kind: 'message', type: 'ping', base64: Buffer.from('ping?').toString('base64') },
      { kind: 'message', type: 'close', base64: Buffer.from('\x03\xe8bye', 'latin1').toString('base64'), closeCode: 1000, closeReason: 'bye' },
    ]);
  });

  it.each([
    ['client-colons.hex', []],
    ['client.xxd', []],
    ['client-wireshark.txt', []],
    ['client-tcpdump.txt', []],
    ['client-hexdump-C.txt', []],
    ['client.xxd', ['--input', 'hex']],
    ['client.b64', ['--input', 'base64']],
    ['client.bin', ['--input=raw']],
  ])('%s %j gives the same output as the raw bytes', (name, options) => {
    const result = decode([...options, fixture(name)]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(raw.stdout);
  });

  it('reads standard input with -', () => {
    expect(decode(['-'], readFileSync(fixture('client.bin'))).stdout).toBe(raw.stdout);
  });

  it('decodes the RFC 6455 examples sent by a server', () => {
    const result = decode(['--role', 'server', fixture('server-rfc-examples.hex')]);
    expect(result.status).toBe(0);
    expect(result.lines.filter((line) => line.kind === 'message')).toEqual([
      { kind: 'message', type: 'text', text: 'Hello' },
      { kind: 'message', type: 'text', text: 'Hello' },
      { kind: 'message', type: 'ping', base64: 'SGVsbG8=' },
      { kind: 'message', type: 'close', base64: 'A+g=', closeCode: 1000, closeReason: '' },
    ]);
  });

  it('inflates permessage-deflate with context takeover (--deflate)', () => {
    const result = decode(['--role=server', '--deflate', fixture('server-deflate-takeover.bin')]);
    expect(result.status).toBe(0);
    expect(result.lines.filter((line) => line.kind === 'message').map((line) => line.text)).toEqual([
      '{"op":"subscribe","channel":"ticker"}',
      '{"op":"subscribe","channel":"ticker"}',
      '{"op":"subscribe","channel":"trades"}',
    ]);
    expect(result.lines.filter((line) => line.kind === 'frame').map((line) => line.rsv1)).toEqual([true, true, true]);
  });

  it('takes negotiated parameters from a Sec-WebSocket-Extensions value', () => {
    const result = decode(['--role', 'server', '--deflate=permessage-deflate; server_no_context_takeover', fixture('server-deflate-no-takeover.hex')]);
    expect(result.status).toBe(0);
    expect(result.lines.filter((line) => line.kind === 'message').map((line) => line.text)).toEqual(['same again', 'same again']);
  });

  it('exits 1 on a protocol error and prints it', () => {
    const result = decode(['--role', 'server', fixture('server-reserved-opcode.hex')]);
    expect(result.status).toBe(1);
    expect(result.lines.at(-1)).toEqual({ kind: 'error', closeCode: 1002, code: 'WS_ERR_INVALID_OPCODE', message: 'invalid opcode', offset: 4 });
    expect(result.lines.filter((line) => line.kind === 'message')).toEqual([{ kind: 'message', type: 'text', text: 'Hi' }]);
  });

  it('exits 1 when server frames are read as a client (unmasked)', () => {
    const result = decode([fixture('server-rfc-examples.hex')]);
    expect(result.status).toBe(1);
    expect(result.lines).toEqual([{ kind: 'error', closeCode: 1002, code: 'WS_ERR_EXPECTED_MASK', message: 'client frames must be masked', offset: 1 }]);
  });

  it.each([
    [['--input', 'hex', 'bad-hex.hex'], /line 2, column 7/],
    [['--input', 'base64', 'bad.b64'], /invalid base64 character "\*"/],
    [['no-such-file.bin'], /cannot read .*no-such-file\.bin/],
    [['--deflate=permessage-deflate; server_max_window_bits=20', 'client.bin'], /server_max_window_bits must be 8\.\.15/],
    [['--deflate=x-webkit-deflate-frame', 'client.bin'], /names no permessage-deflate/],
    [['--role', 'proxy', 'client.bin'], /--role must be client or server/],
    [['--input', 'octal', 'client.bin'], /--input must be hex, base64 or raw/],
    [[], /no input file/],
  ])('exits 2 on unusable input %j', (args, message) => {
    const withPaths = args.map((arg) => (/\.(bin|hex|b64)$/.test(arg) ? fixture(arg) : arg));
    const result = decode(withPaths);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});
