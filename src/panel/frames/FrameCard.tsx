// One frame: title line, header breakdown, and its bytes as an annotated dump.
import type { ComponentChildren } from 'preact';
import type { FrameHeader } from '../../rfc6455';
import { markLookup } from './annotatedDump';
import { AnnotatedHexDump } from './AnnotatedHexDump';
import { frameRegions, opcodeName } from './frameAnatomy';
import { FrameHeaderTable } from './FrameHeaderTable';

export function frameTitle(frame: FrameHeader, index: number, count: number): string {
  const flags = [frame.fin ? 'FIN' : 'not final', frame.rsv1 && 'RSV1', frame.masked && 'masked'].filter(Boolean).join(', ');
  return `Frame ${index + 1} of ${count} · ${opcodeName(frame.opcode)} · ${flags} · ${frame.headerLength + frame.payloadLength} bytes`;
}

/** A frame with its own bytes (offset 0 = the frame's first byte). */
export function FrameCard({ frame, bytes, title, children }: { frame: FrameHeader; bytes: Uint8Array; title: string; children?: ComponentChildren }) {
  const regions = frameRegions(frame);
  return (
    <section class="frame-card" data-testid="frame-card">
      <h3 class="frame-title">{title}</h3>
      {children}
      <FrameHeaderTable frame={frame} />
      <AnnotatedHexDump bytes={bytes} markOf={markLookup(regions)} legend={regions.map((region) => region.kind)} label={`${title}: bytes`} />
    </section>
  );
}
