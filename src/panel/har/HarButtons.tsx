// Toolbar buttons: import a HAR file, export what is in view as HAR.
import { useState } from 'preact/hooks';
import { useStore } from '../useStore';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';

export function HarButtons() {
  const [state] = useStore();
  const [open, setOpen] = useState<'import' | 'export' | null>(null);
  return (
    <>
      <button type="button" title="Open a HAR file (Chrome DevTools, mitmproxy, this extension) as a read-only session" onClick={() => setOpen('import')}>
        ⇪ Import HAR
      </button>
      <button type="button" title="Save sessions, a connection or the filtered messages as HAR" disabled={state.sessionIds.length === 0} onClick={() => setOpen('export')}>
        ⇩ Export HAR
      </button>
      {open === 'import' && <ImportDialog onClose={() => setOpen(null)} />}
      {open === 'export' && <ExportDialog onClose={() => setOpen(null)} />}
    </>
  );
}
