// Toolbar entry to the Decode bytes tool; the dialog lives only while open, its code loads when first opened.
import { useState } from 'preact/hooks';
import { lazyComponent } from '../components/Lazy';
import { Modal } from '../replay/Modal';

const DecodeBytesTool = lazyComponent(async () => (await import('./DecodeBytesTool')).DecodeBytesTool);

export function DecodeBytesButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" title="Parse captured WebSocket bytes (hex, base64 or a file) into frames and messages" onClick={() => setOpen(true)}>
        Decode bytes
      </button>
      {open && (
        <Modal title="Decode bytes" wide onClose={() => setOpen(false)}>
          <DecodeBytesTool />
        </Modal>
      )}
    </>
  );
}
