// Toolbar entry to the capture settings: payload cap and storage budget (src/platform/settings.ts).
// The form loads when the dialog first opens.
import { useState } from 'preact/hooks';
import { lazyComponent } from '../components/Lazy';
import { Modal } from '../replay/Modal';

const SettingsForm = lazyComponent(async () => (await import('./SettingsForm')).SettingsForm);

export function SettingsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" title="Payload size cap and storage budget" onClick={() => setOpen(true)}>
        Settings
      </button>
      {open && (
        <Modal title="Settings" onClose={() => setOpen(false)}>
          <SettingsForm onDone={() => setOpen(false)} />
        </Modal>
      )}
    </>
  );
}
