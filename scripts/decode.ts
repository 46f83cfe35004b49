// Decodes one direction of a WebSocket connection (the bytes after the HTTP handshake) and
// prints one JSON object per frame, message and error. All decoding lives in src/rfc6455.
//
//   npm run decode -- [--role client|server] [--deflate[=PARAMS]] [--input hex|base64|raw] FILE|-
//
// --role     who sent the bytes (client frames must be masked). Default: client.
// --deflate  permessage-deflate with default parameters; --deflate='permessage-deflate; ...'
//            takes a Sec-WebSocket-Extensions value.
// --input    default: guess — printable ASCII that parses as hex (plain, xxd, Wireshark,
//            tcpdump, hexdump -C) is hex, anything else is raw bytes. Base64 is never guessed.
// Exit status: 0 valid stream, 1 protocol error, 2 unusable input or arguments.
// Large permessage-deflate messages are inflated with node:zlib (scripts/node-adapters.ts).
import { readFileSync } from 'node:fs';
import {
  decodeStream,
  DEFAULT_DEFLATE_PARAMS,
  eventToRecord,
  parseExtensionsHeader,
  readCapturedBytes,
  type DeflateParams,
  type InputFormat,
  type Role,
} from '../src/rfc6455/index.ts';
import { NODE_ADAPTERS } from './node-adapters.ts';

const USAGE = 'usage: npm run decode -- [--role client|server] [--deflate[=PARAMS]] [--input hex|base64|raw] FILE|-';

class UsageError extends Error {}

interface Arguments {
  role: Role;
  deflate: DeflateParams | null;
  input: InputFormat;
  file: string;
}

function parseArguments(argv: string[]): Arguments {
  let role: Role = 'client';
  let deflate: DeflateParams | null = null;
  let input: InputFormat = 'guess';
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    const [name, inlineValue] =
      argument.startsWith('--') && argument.includes('=')
        ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)]
        : [argument, undefined];
    const value = () => {
      const next = inlineValue ?? argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    if (name === '--role') {
      const given = value();
      if (given !== 'client' && given !== 'server') throw new UsageError(`--role must be client or server, not "${given}"`);
      role = given;
    } else if (name === '--deflate') {
      if (inlineValue === undefined) deflate = { ...DEFAULT_DEFLATE_PARAMS };
      else {
        const parsed = parseExtensionsHeader(inlineValue);
        if (!parsed.ok) throw new UsageError(`bad --deflate parameters: ${parsed.error}`);
        if (!parsed.deflate) throw new UsageError(`--deflate value names no permessage-deflate extension: "${inlineValue}"`);
        deflate = parsed.deflate;
      }
    } else if (name === '--input') {
      const given = value();
      if (given !== 'hex' && given !== 'base64' && given !== 'raw') throw new UsageError(`--input must be hex, base64 or raw, not "${given}"`);
      input = given;
    } else if (name === '--help' || name === '-h') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else if (name.startsWith('--')) {
      throw new UsageError(`unknown option ${name}`);
    } else if (file === undefined) file = argument;
    else throw new UsageError(`only one input file, got "${file}" and "${argument}"`);
  }
  if (file === undefined) throw new UsageError('no input file (use - for standard input)');
  return { role, deflate, input, file };
}

function main(): number {
  let args: Arguments;
  let raw: Uint8Array;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`decode: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  try {
    raw = readFileSync(args.file === '-' ? 0 : args.file);
  } catch (error) {
    process.stderr.write(`decode: cannot read ${args.file}: ${(error as Error).message}\n`);
    return 2;
  }
  const input = readCapturedBytes(raw, args.input);
  if (!input.ok) {
    process.stderr.write(`decode: ${args.file}: ${input.error}\n`);
    return 2;
  }
  const events = decodeStream(input.bytes, { role: args.role, deflate: args.deflate, ...NODE_ADAPTERS });
  process.stdout.write(events.map((event) => JSON.stringify(eventToRecord(event)) + '\n').join(''));
  return events.some((event) => event.kind === 'error') ? 1 : 0;
}

process.exitCode = main();
