// Captures WebSocketStream (Chromium), in pages and workers. The constructor is wrapped (a disguised
// Proxy, as for WebSocket); when a stream opens, the page gets its `opened` result with our own
// readable and writable in place of the native ones, which we hold the reader and writer of:
//  - the readable has highWaterMark 0 and pulls one chunk from the native reader only when the page
//    reads, so nothing is read for us and the native stream's backpressure is the page's;
//  - the writable (highWaterMark 1, as the native one) writes each chunk to the native writer and
//    completes when it does, so `ready` and `desiredSize` follow the network as before.
// Every chunk is recorded as it passes (the page gets the very same object). Open (protocol,
// extensions), close (code, reason, who started it) and errors come from `opened` and `closed`,
// observed without marking anything handled that the page did not. Resend writes to the native
// writer; inject enqueues into the page's readable, so the page reads it as the next message.
import type { ContentToPage, HookEvent, PageToContent } from '../shared/messages';
import type { MessageOrigin } from '../shared/models';
import { Connection } from './connection';
import { recordMessage } from './message-capture';
import { viewBinary } from './payload-encoding';
import { CommandError, decodePayload, describeError } from './commands';
import { disguisedProxy, replaceValue } from './native-disguise';
import {
  NativeMap,
  NativeString,
  NativeWeakMap,
  apply,
  construct,
  defineProperty,
  getOwnPropertyDescriptor,
  mapGet,
  mapSet,
  now,
  randomUUID,
  setPrototypeOf,
  uncurryGetter,
  uncurryThis,
  weakMapGet,
  weakMapSet,
} from '../worlds/pristine';

interface OpenedInfo {
  readable: ReadableStream;
  writable: WritableStream;
  protocol: string;
  extensions: string;
}

type NativeStreamClass = new (url: string, options?: unknown) => object;
const NativeStream = (globalThis as { WebSocketStream?: NativeStreamClass }).WebSocketStream;
const promiseThen = uncurryThis(Promise.prototype.then) as <T, R>(
  promise: Promise<T>,
  onFulfilled?: (value: T) => R,
  onRejected?: (reason: unknown) => R,
) => Promise<R>;
const NativeReadableStream = ReadableStream;
const NativeWritableStream = WritableStream;
const getReader = uncurryThis(ReadableStream.prototype.getReader) as (stream: ReadableStream) => ReadableStreamDefaultReader;
const readerRead = uncurryThis(ReadableStreamDefaultReader.prototype.read);
const readerCancel = uncurryThis(ReadableStreamDefaultReader.prototype.cancel);
const getWriter = uncurryThis(WritableStream.prototype.getWriter);
const writerWrite = uncurryThis(WritableStreamDefaultWriter.prototype.write);
const writerClose = uncurryThis(WritableStreamDefaultWriter.prototype.close);
const writerAbort = uncurryThis(WritableStreamDefaultWriter.prototype.abort);
const controllerEnqueue = uncurryThis(ReadableStreamDefaultController.prototype.enqueue);
const controllerClose = uncurryThis(ReadableStreamDefaultController.prototype.close);
const controllerError = uncurryThis(ReadableStreamDefaultController.prototype.error);

const noop = (): void => {};

/** The value of an own data property: a page's getters on Object.prototype never run. */
function own(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? getOwnPropertyDescriptor(value, name)?.value : undefined;
}

interface StreamConnection {
  connection: Connection;
  state: 'connecting' | 'open' | 'closed';
  writer: WritableStreamDefaultWriter | null;
  /** The page's readable's controller; null once that stream is closed, errored or cancelled. */
  controller: ReadableStreamDefaultController | null;
  /** The promise the page gets from `opened`. */
  opened: Promise<OpenedInfo>;
}

export interface StreamHook {
  find(id: string): boolean;
  /** Carries out a send or inject on a stream connection; answers with a command-result. */
  run(command: Extract<ContentToPage, { t: 'send' | 'inject' }>): void;
}

/** Wraps WebSocketStream if this context has it; null otherwise. */
export function installStreamHook(emit: (event: HookEvent) => void, resolveUrl: (url: unknown) => unknown = (url) => url): StreamHook | null {
  if (typeof NativeStream !== 'function') return null;
  const nativeStream = NativeStream;
  const proto = nativeStream.prototype as object;
  const urlOf = uncurryGetter<string>(proto, 'url');
  const openedOf = uncurryGetter<Promise<unknown>>(proto, 'opened');
  const closedOf = uncurryGetter<Promise<unknown>>(proto, 'closed');
  const openedGetter = getOwnPropertyDescriptor(proto, 'opened')!.get!;
  const nativeClose = getOwnPropertyDescriptor(proto, 'close')!.value as (this: object, info?: unknown) => void;
  const tracked = new NativeWeakMap<object, StreamConnection>();
  const byId = new NativeMap<string, StreamConnection>();

  const record = (stream: StreamConnection, dir: 'send' | 'receive', data: unknown, origin: MessageOrigin): void => {
    try {
      recordMessage(stream.connection, dir, data, origin);
    } catch {
      // Capture is best effort; the page's stream is not affected.
    }
  };

  const wrapReadable = (stream: StreamConnection, native: ReadableStream): ReadableStream => {
    const reader = getReader(native);
    const source = {
      start(controller: ReadableStreamDefaultController) {
        stream.controller = controller;
      },
      pull(controller: ReadableStreamDefaultController) {
        return promiseThen(
          readerRead(reader),
          (result) => {
            if (own(result, 'done') === true) {
              stream.controller = null;
              controllerClose(controller);
              return;
            }
            const chunk = own(result, 'value');
            record(stream, 'receive', chunk, 'page');
            controllerEnqueue(controller, chunk);
          },
          (error) => {
            stream.controller = null;
            controllerError(controller, error);
          },
        );
      },
      cancel(reason: unknown) {
        stream.controller = null;
        return readerCancel(reader, reason);
      },
    };
    return new NativeReadableStream(setPrototypeOf(source, null) as UnderlyingDefaultSource, setPrototypeOf({ highWaterMark: 0 }, null) as QueuingStrategy);
  };

  const wrapWritable = (stream: StreamConnection, native: WritableStream): WritableStream => {
    const writer = getWriter(native);
    stream.writer = writer;
    const sink = {
      write(chunk: unknown) {
        // Recorded as it goes to the socket; what WebSocketStream refuses (not text or bytes) is not a message.
        if (typeof chunk === 'string' || viewBinary(chunk, 0) !== null) record(stream, 'send', chunk, 'page');
        return writerWrite(writer, chunk);
      },
      close() {
        return writerClose(writer);
      },
      abort(reason: unknown) {
        return writerAbort(writer, reason);
      },
    };
    return new NativeWritableStream(setPrototypeOf(sink, null) as UnderlyingSink, setPrototypeOf({ highWaterMark: 1 }, null) as QueuingStrategy);
  };

  const track = (socket: object, options: unknown): StreamConnection => {
    const connection = new Connection(randomUUID(), urlOf(socket), null, emit);
    const stream: StreamConnection = { connection, state: 'connecting', writer: null, controller: null, opened: openedOf(socket) as Promise<OpenedInfo> };
    weakMapSet(tracked, socket, stream);
    mapSet(byId, connection.id, stream);
    connection.push({
      t: 'created',
      conn: connection.id,
      url: connection.url,
      protocols: requestedProtocols(options),
      time: now(),
      origin: 'page',
      api: 'WebSocketStream',
    });
    const opened = promiseThen(openedOf(socket), (info) => {
      const protocol = NativeString(own(info, 'protocol') ?? '');
      const extensions = NativeString(own(info, 'extensions') ?? '');
      stream.state = 'open';
      connection.opened = true;
      connection.push({ t: 'open', conn: connection.id, protocol, extensions, time: now() });
      const readable = own(info, 'readable') as ReadableStream;
      const writable = own(info, 'writable') as WritableStream;
      // A plain object, as the native result is.
      return { extensions, protocol, readable: wrapReadable(stream, readable), writable: wrapWritable(stream, writable) };
    });
    // The native `opened` is marked handled; ours must be too, or an unread failure would be reported.
    promiseThen(opened, undefined, noop);
    stream.opened = opened;
    promiseThen(
      closedOf(socket),
      (info) => {
        const code = own(info, 'closeCode');
        finish(stream, { code: typeof code === 'number' ? code : 1005, reason: NativeString(own(info, 'reason') ?? ''), wasClean: true });
      },
      (error) => {
        const text = connection.opened ? 'WebSocketStream error' : 'WebSocketStream connection failed';
        connection.push({ t: 'error', conn: connection.id, time: now(), text: `${text}: ${describeError(error)}` });
        finish(stream, { code: 1006, reason: '', wasClean: false });
      },
    );
    return stream;
  };

  const finish = (stream: StreamConnection, close: { code: number; reason: string; wasClean: boolean }): void => {
    const { connection } = stream;
    stream.state = 'closed';
    stream.writer = null;
    const info = { ...close, initiator: connection.closeRequestedByPage ? ('client' as const) : ('server' as const) };
    connection.closeInfo = info;
    connection.push({ t: 'close', conn: connection.id, time: now(), close: info });
  };

  const StreamProxy = disguisedProxy(nativeStream, {
    construct(target, args: unknown[], newTarget) {
      if (args.length > 0) args[0] = resolveUrl(args[0]);
      const socket = construct(target, args, newTarget === StreamProxy ? target : newTarget) as object;
      try {
        track(socket, args[1]);
      } catch {
        // Not captured; the page's stream works as without us.
      }
      return socket;
    },
  });
  const openedProxy = disguisedProxy(openedGetter, {
    apply(target, self, args: unknown[]) {
      const stream = typeof self === 'object' && self !== null ? weakMapGet(tracked, self) : undefined;
      return stream ? stream.opened : apply(target, self, args);
    },
  });
  const closeProxy = disguisedProxy(nativeClose, {
    apply(target, self, args: unknown[]) {
      const stream = typeof self === 'object' && self !== null ? weakMapGet(tracked, self) : undefined;
      const result = apply(target, self, args);
      if (stream && stream.state !== 'closed') stream.connection.closeRequestedByPage = true;
      return result;
    },
  });
  const openedDescriptor = getOwnPropertyDescriptor(proto, 'opened')!;
  defineProperty(proto, 'opened', setPrototypeOf({ ...openedDescriptor, get: openedProxy }, null) as PropertyDescriptor);
  replaceValue(proto, 'close', closeProxy);
  replaceValue(proto, 'constructor', StreamProxy);
  replaceValue(globalThis, 'WebSocketStream', StreamProxy);

  const result = (id: string, error?: string): void => {
    const event: PageToContent = { t: 'command-result', id, ok: error === undefined };
    if (error !== undefined) event.error = error;
    emit(event);
  };

  return {
    find: (id) => mapGet(byId, id) !== undefined,
    run(command) {
      const stream = mapGet(byId, command.conn)!;
      try {
        if (stream.state !== 'open') throw new CommandError(stream.state === 'connecting' ? 'Stream is still connecting' : 'Stream is closed');
        const data = decodePayload(command.payload);
        if (command.t === 'send') {
          if (!stream.writer) throw new CommandError('Stream is closed');
          // Beside the page's own writes: they queue on the same native writer, in call order.
          promiseThen(
            writerWrite(stream.writer, data),
            () => result(command.id),
            (error) => result(command.id, describeError(error)),
          );
          record(stream, 'send', data, 'replayed');
          return;
        }
        if (!stream.controller) throw new CommandError('The page’s readable stream is closed or cancelled: nothing can be delivered to it');
        record(stream, 'receive', data, 'injected');
        controllerEnqueue(stream.controller, data);
        result(command.id);
      } catch (error) {
        result(command.id, describeError(error));
      }
    },
  };
}

/** WebSocketStreamOptions.protocols as given (own property; a sequence of strings). */
function requestedProtocols(options: unknown): string[] {
  const protocols = own(options, 'protocols');
  const list: string[] = [];
  if (typeof protocols === 'object' && protocols !== null && 'length' in protocols) {
    const length = own(protocols, 'length');
    if (typeof length === 'number') for (let index = 0; index < length && index < 128; index++) list[index] = NativeString(own(protocols, NativeString(index)));
  }
  return list;
}
