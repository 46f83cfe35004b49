// A small modal box for the replay and HAR dialogs: title, body, Escape or × closes.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import './dialogs.css';

export function Modal(props: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('textarea, input, select, button.primary')?.focus();
  }, []);
  return (
    <div class="wsi-modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && props.onClose()}>
      <div
        ref={box}
        class={`wsi-modal${props.wide ? ' is-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            props.onClose();
          }
        }}
      >
        <header class="wsi-modal-head">
          <h2>{props.title}</h2>
          <button type="button" class="wsi-modal-close" aria-label="Close" onClick={props.onClose}>
            ×
          </button>
        </header>
        <div class="wsi-modal-body">{props.children}</div>
      </div>
    </div>
  );
}
