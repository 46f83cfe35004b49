// Layout: toolbar and notices on top; sessions (history tab) and connections on the left;
// filters and the message table in the middle; the selected message on the right.
import { HostAccessNotice } from '../permissions/HostAccessNotice';
import { InterceptArea } from '../intercept/InterceptButtons';
import { usePanel } from '../usePanel';
import { ConnectionList } from './ConnectionList';
import { DetailPane } from './DetailPane';
import { FilterBar } from './FilterBar';
import { MessageTable } from './MessageTable';
import { SessionList } from './SessionList';
import { Notices, Toolbar } from './Toolbar';

export function App() {
  const { session } = usePanel();
  const inHistory = session.inHistory;
  return (
    <div class={`app ${inHistory ? 'is-history' : 'is-panel'}`}>
      <Toolbar />
      <Notices />
      <HostAccessNotice />
      <div class="main">
        <aside class="sidebar">
          {inHistory && <SessionList />}
          {(!inHistory || session.sessionIds.value.length > 0) && <ConnectionList />}
        </aside>
        <main class="center">
          <InterceptArea />
          <FilterBar />
          <MessageTable />
        </main>
        <DetailPane />
      </div>
    </div>
  );
}
