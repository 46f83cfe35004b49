// Toolbar buttons: import a HAR file, export what is in view as HAR. The dialogs load when first opened.
import { useState } from 'preact/hooks';
import { lazyComponent } from '../components/Lazy';
import { Modal } from '../replay/Modal';
import { usePanel } from '../usePanel';

const ImportDialog = lazyComponent(
  async () => (await import('./ImportDialog')).ImportDialog,
  (props, note) => (
    <Modal title="Import HAR" onClose={props.onClose}>
      {note}
    </Modal>
  ),
);
const ExportDialog = lazyComponent(
  async () => (await import('./ExportDialog')).ExportDialog,
  (props, note) => (
    <Modal title="Export HAR" onClose={props.onClose}>
      {note}
    </Modal>
  ),
);

export function HarButtons() {
  const { session } = usePanel();
  const [open, setOpen] = useState<'import' | 'export' | null>(null);
  return (
    <>
      <button type="button" title="Open a HAR file (Chrome DevTools, mitmproxy, this extension) as a read-only session" onClick={() => setOpen('import')}>
        ⇪ Import HAR
      </button>
      <button
        type="button"
        title="Save sessions, a connection or the filtered messages as HAR"
        disabled={session.sessionIds.value.length === 0}
        onClick={() => setOpen('export')}
      >
        ⇩ Export HAR
      </button>
      {open === 'import' && <ImportDialog onClose={() => setOpen(null)} />}
      {open === 'export' && <ExportDialog onClose={() => setOpen(null)} />}
    </>
  );
}
