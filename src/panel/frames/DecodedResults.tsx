// What the parser made of decoded bytes: the error (if any), the messages, the frames with their
// stream offsets, and the whole stream as a dump coloured by frame region.
import type { FrameEvent, MessageEvent, ParserEvent, ProtocolErrorEvent } from '../../rfc6455';
import type { JSX } from 'preact';
import { markLookup, type DumpMark } from './annotatedDump';
import { AnnotatedHexDump } from './AnnotatedHexDump';
import { frameTitle } from './FrameCard';
import { frameRegions, hexText } from './frameAnatomy';
import { FrameHeaderTable } from './FrameHeaderTable';

/** Longer lists are cut, so a capture of thousands of frames stays a page, not a DOM of megabytes. */
const MAX_LISTED = 100;
const MAX_TEXT_CHARS = 4096;

export function DecodedResults({ bytes, format, events }: { bytes: Uint8Array; format: string; events: ParserEvent[] }) {
  const frames = events.filter((event): event is FrameEvent => event.kind === 'frame');
  const messages = events.filter((event): event is MessageEvent => event.kind === 'message');
  const errors = events.filter((event): event is ProtocolErrorEvent => event.kind === 'error');
  const regions = frames.flatMap((frame) => frameRegions(frame, frame.offset));
  const covered = regions.reduce((sum, region) => sum + region.end - region.start, 0);
  const legend: DumpMark[] = [...new Set(regions.map((region) => region.kind))];
  if (errors.length > 0) legend.push('error');
  if (covered < bytes.length) legend.push('unparsed');
  return (
    <div class="decoded-results" data-testid="decode-results">
      <div class="wsi-hint">
        {bytes.length} bytes read as {format} · {frames.length} frame{frames.length === 1 ? '' : 's'} · {messages.length} message
        {messages.length === 1 ? '' : 's'}
        {errors.length > 0 && ' · protocol error'}
      </div>
      {errors.map((error) => (
        <div key={error.offset} class="wsi-error" data-testid="decode-error">
          <strong>{error.code}</strong> · close code {error.closeCode} · {error.message} · at byte {error.offset} (0x{error.offset.toString(16)})
        </div>
      ))}
      <h3 class="frames-section">Messages</h3>
      {messages.length === 0 && <div class="wsi-hint">No complete message.</div>}
      <Listed items={messages} noun="messages">
        {(message, index) => <DecodedMessage key={message.offset} message={message} index={index} />}
      </Listed>
      <h3 class="frames-section">Frames</h3>
      <Listed items={frames} noun="frames">
        {(frame, index) => (
          <section key={frame.offset} class="frame-card" data-testid="frame-card">
            <h3 class="frame-title">{frameTitle(frame, index, frames.length)}</h3>
            {frame.warnings.length > 0 && <div class="frames-warning">Warning: {frame.warnings.join(', ')}</div>}
            <FrameHeaderTable frame={frame} offset={frame.offset} />
          </section>
        )}
      </Listed>
      <h3 class="frames-section">Bytes</h3>
      <AnnotatedHexDump
        bytes={bytes}
        markOf={markLookup(regions, errors[0]?.offset)}
        legend={legend}
        label="Decoded bytes"
        {...(errors[0] && { focusOffset: errors[0].offset })}
      />
    </div>
  );
}

function Listed<T>({ items, noun, children }: { items: T[]; noun: string; children: (item: T, index: number) => JSX.Element }) {
  return (
    <>
      {items.slice(0, MAX_LISTED).map((item, index) => children(item, index))}
      {items.length > MAX_LISTED && (
        <div class="wsi-hint">
          … and {items.length - MAX_LISTED} more {noun}, not listed.
        </div>
      )}
    </>
  );
}

function DecodedMessage({ message, index }: { message: MessageEvent; index: number }) {
  const where = `at byte ${message.offset} · ${message.frameCount} frame${message.frameCount === 1 ? '' : 's'}`;
  return (
    <section class="decoded-message" data-testid="decoded-message">
      <h4 class="frame-title">
        Message {index + 1} · {message.type} · {message.data.length} bytes · {where}
        {message.compressed && ` · compressed ${message.compressed.compressedLength} → inflated ${message.compressed.inflatedLength} bytes`}
      </h4>
      <MessageBody message={message} />
    </section>
  );
}

function MessageBody({ message }: { message: MessageEvent }) {
  if (message.type === 'close') {
    return (
      <div class="decoded-text">
        Close code {message.closeCode}
        {message.closeReason ? `, reason “${message.closeReason}”` : ', no reason'}
      </div>
    );
  }
  if (message.type === 'text' && message.text !== undefined) {
    const cut = message.text.length > MAX_TEXT_CHARS;
    return (
      <>
        <pre class="decoded-text" data-testid="decoded-text">
          {cut ? message.text.slice(0, MAX_TEXT_CHARS) : message.text}
        </pre>
        {cut && (
          <div class="wsi-hint">
            Showing the first {MAX_TEXT_CHARS} of {message.text.length} characters.
          </div>
        )}
      </>
    );
  }
  if (message.type === 'ping' || message.type === 'pong') {
    return <div class="decoded-text">{message.data.length === 0 ? 'No application data.' : `Application data: ${hexText(message.data)}`}</div>;
  }
  return <AnnotatedHexDump bytes={message.data} markOf={() => null} legend={[]} label={`Message ${message.offset} payload`} />;
}
