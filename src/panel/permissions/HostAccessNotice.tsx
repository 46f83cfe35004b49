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
        () => current && setStatus('granted'), // Cannot tell: better no notice than a false alarm.
      );
    void check();
    const unsubscribe = permissions.onChange(() => void check());
    return () => {
      current = false;
      unsubscribe();
    };
  }, [permissions]);

  if (status === 'checking' || status === 'granted') return null;
  const inPlace = permissions.requestMode === 'prompt';
  const grant = () => {
    // No await before request(): the click's user activation must still be current.
    permissions.request().then(
      (granted) => inPlace && setStatus(granted ? 'granted' : 'refused'),
      () => inPlace && setStatus('refused'),
    );
  };
  return (
    <div class="notice notice-warning host-access-notice" role="alert">
      <span>
        WebSocket Inspector has not been allowed to access websites, so it cannot see any page's WebSockets.
        {status === 'refused' ? ' Access was not granted.' : ''}
        {inPlace ? ' After granting access, reload the page to capture it.' : ' Grant it in the tab that opens, then reload the page.'}
      </span>
      <button type="button" class="host-access-grant" onClick={grant}>
        {inPlace ? 'Grant access' : 'Grant access…'}
      </button>
    </div>
  );
}
