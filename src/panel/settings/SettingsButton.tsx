// Toolbar entry to the settings: payload cap and storage budget (src/platform/settings.ts), and the
// .proto files for Protocol Buffers (src/platform/proto-schemas.ts). Both load when the dialog first opens.
import { useState } from 'preact/hooks';
import { lazyComponent } from '../components/Lazy';
import { Modal } from '../replay/Modal';

const SettingsForm = lazyComponent(async () => (await import('./SettingsForm')).SettingsForm);
const ProtoFiles = lazyComponent(async () => (await import('./ProtoFiles')).ProtoFiles);

export function SettingsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" title="Payload size cap, storage budget and .proto files" onClick={() => setOpen(true)}>
        Settings
      </button>
      {open && (
        <Modal title="Settings" onClose={() => setOpen(false)}>
          <SettingsForm onDone={() => setOpen(false)} />
          <ProtoFiles />
        </Modal>
      )}
    </>
  );
}
