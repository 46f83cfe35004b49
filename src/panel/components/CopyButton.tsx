import { useState } from 'preact/hooks';
import { copyText } from '../clipboard';

/** A small button that copies `text()` (computed on click: values can be large) and says so briefly. */
export function CopyButton({ label, text, title }: { label: string; text: () => string; title?: string }) {
  const [copied, setCopied] = useState(false);
  const onClick = async (event: MouseEvent) => {
    event.stopPropagation();
    if (await copyText(text())) {
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    }
  };
  return (
    <button type="button" class="copy-button" title={title ?? label} onClick={onClick}>
      {copied ? 'Copied' : label}
    </button>
  );
}
