// Explains withheld host permissions and offers to ask for them, instead of a panel that stays empty.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { hostAccess, type HostAccess } from './hostAccess';

type Status = 'checking' | 'granted' | 'withheld' | 'refused';

export function HostAccessNotice({ access }: { access?: HostAccess }) {
  const permissions = useMemo(() => access ?? hostAccess(), [access]);
  const [status, setStatus] = useState<Status>('checking');

  useEffect(() => {
    let current = true;
    const check = () =>
      permissions.isGranted().then(
        (granted) => current && setStatus((previous) => (granted ? 'granted' : previous === 'refused' ? 'refused' : 'withheld')),
        () => current && setStatus('granted'), // No permissions API: nothing we could ask for anyway.
      );
    void check();
    const unsubscribe = permissions.onChange(() => void check());
    return () => {
      current = false;
      unsubscribe();
    };
  }, [permissions]);

  if (status === 'checking' || status === 'granted') return null;
  const grant = () => {
    // No await before request(): the click's user activation must still be current.
    permissions.request().then(
      (granted) => setStatus(granted ? 'granted' : 'refused'),
      () => setStatus('refused'),
    );
  };
  return (
    <div class="notice notice-warning host-access-notice" role="alert">
      <span>
        WebSocket Inspector has not been allowed to access websites, so it cannot see any page's WebSockets.
        {status === 'refused' ? ' Access was not granted.' : ''} After granting access, reload the page to capture it.
      </span>
      <button type="button" class="host-access-grant" onClick={grant}>
        Grant access
      </button>
    </div>
  );
}
