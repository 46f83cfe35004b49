// The Frames tab: the selected message re-encoded into RFC 6455 frames for its connection's
// negotiated extensions and direction, each frame's header and bytes explained.
import { useMemo, useState } from 'preact/hooks';
import type { DeflateParams, Role } from '../../rfc6455';
import type { StoredMessage } from '../../db/message-chunks';
import type { ConnectionRecord } from '../../shared/models';
import { FrameCard, frameTitle } from './FrameCard';
import { hexText } from './frameAnatomy';
import { EXAMPLE_MASK_KEY, parseFragmentSize, wireFramesOf } from './wireFrames';
import './frames.css';

export interface FramesViewProps {
  message: StoredMessage;
  /** The full payload as bytes (UTF-8 for text), undefined while loading or if not stored. */
  payloadBytes: Uint8Array | undefined;
  connection: ConnectionRecord | undefined;
}

/** More frame cards than this are summarised, not rendered. */
const MAX_FRAME_CARDS = 50;
/** Fragment sizes that would produce more frames than this are refused before encoding. */
const MAX_FRAMES = 10_000;

export function FramesView({ message, payloadBytes, connection }: FramesViewProps) {
  const [fragmentText, setFragmentText] = useState('');
  const fragment = parseFragmentSize(fragmentText);
  const extensions = connection?.extensions ?? '';
  const fragmentSize = fragment.ok ? fragment.size : undefined;
  const tooManyFrames = payloadBytes !== undefined && fragmentSize !== undefined && payloadBytes.length / fragmentSize > MAX_FRAMES;
  const encoded = useMemo(
    () =>
      payloadBytes && !tooManyFrames
        ? wireFramesOf({
            kind: message.payload.kind,
            payload: payloadBytes,
            direction: message.direction,
            extensions,
            ...(fragmentSize !== undefined && { fragmentSize }),
          })
        : undefined,
    [payloadBytes, message.payload.kind, message.direction, extensions, fragmentSize, tooManyFrames],
  );
  if (!payloadBytes)
    return (
      <div class="empty-table" data-testid="frames-view">
        The payload of this message is not loaded or not stored, so there are no frames to show.
      </div>
    );
  return (
    <div class="frames-view" data-testid="frames-view">
      <div class="wsi-row frames-controls">
        <label>
          Fragment size{' '}
          <input
            type="text"
            inputMode="numeric"
            class="fragment-size"
            placeholder="none"
            value={fragmentText}
            aria-label="Fragment size in bytes"
            onInput={(event) => setFragmentText(event.currentTarget.value)}
          />
        </label>
        <span class="wsi-hint">bytes of payload per frame; blank: one frame</span>
      </div>
      {!fragment.ok && <div class="wsi-error">{fragment.error}</div>}
      {tooManyFrames && (
        <div class="wsi-error">
          That fragment size would make more than {MAX_FRAMES} frames; choose at least {Math.ceil(payloadBytes.length / MAX_FRAMES)} bytes.
        </div>
      )}
      <ul class="frames-notes">
        <li>Re-encoded by the inspector from the {payloadBytes.length} payload bytes captured: the browser does not expose the real frames.</li>
        {encoded?.ok && <li>{roleNote(encoded.role)}</li>}
        <li>Extensions: {extensions === '' ? 'none negotiated' : <code>{extensions}</code>}</li>
        {encoded?.ok && encoded.deflate && (
          <li data-testid="deflate-note">{deflateNote(encoded.deflate, encoded.role, encoded.wireLength, payloadBytes.length)}</li>
        )}
        {message.payload.truncated && (
          <li class="frames-warning">
            Only {payloadBytes.length} of {message.payload.size} bytes were captured: these are the frames of the stored (truncated) payload.
          </li>
        )}
      </ul>
      {encoded && !encoded.ok && <div class="wsi-error">{encoded.error}</div>}
      {encoded?.ok && (
        <>
          {encoded.frames.length > MAX_FRAME_CARDS && (
            <div class="wsi-hint">
              {encoded.frames.length} frames; showing the first {MAX_FRAME_CARDS}.
            </div>
          )}
          {encoded.frames.slice(0, MAX_FRAME_CARDS).map((frame, index) => (
            <FrameCard key={`${fragmentSize}-${index}`} frame={frame} bytes={frame.bytes} title={frameTitle(frame, index, encoded.frames.length)} />
          ))}
        </>
      )}
    </div>
  );
}

function roleNote(role: Role): string {
  return role === 'client'
    ? `Sent by the page (client): masked with the example key ${hexText(EXAMPLE_MASK_KEY)} from RFC 6455 section 5.7; the real key was random and is not captured.`
    : 'Received from the server: server frames are not masked.';
}

function deflateNote(deflate: DeflateParams, role: Role, wireLength: number, inflatedLength: number): string {
  const takeover = role === 'client' ? !deflate.clientNoContextTakeover : !deflate.serverNoContextTakeover;
  const windowBits = role === 'client' ? deflate.clientMaxWindowBits : deflate.serverMaxWindowBits;
  const sizes = `permessage-deflate: compressed ${wireLength} bytes vs. inflated ${inflatedLength} bytes (window ${windowBits} bits).`;
  return takeover
    ? `${sizes} Compressed as if first message / no context: with context takeover the real bytes also depend on earlier messages of this direction (and on the browser's or server's deflater).`
    : `${sizes} No context takeover for this direction, so every message is compressed alone, as here (another deflater may still pick different bytes).`;
}
