// Layout: toolbar and notices on top; sessions (history tab) and connections on the left;
// filters and the message table in the middle; the selected message on the right.
import { useStore } from '../useStore';
import { ConnectionList } from './ConnectionList';
import { DetailPane } from './DetailPane';
import { FilterBar } from './FilterBar';
import { MessageTable } from './MessageTable';
import { SessionList } from './SessionList';
import { Notices, Toolbar } from './Toolbar';
import { HostAccessNotice } from '../permissions/HostAccessNotice';

export function App() {
  const [state] = useStore();
  const inHistory = state.tabId === null;
  return (
    <div class={`app ${inHistory ? 'is-history' : 'is-panel'}`}>
      <Toolbar />
      <Notices />
      <HostAccessNotice />
      <div class="main">
        <aside class="sidebar">
          {inHistory && <SessionList />}
          {(!inHistory || state.sessionIds.length > 0) && <ConnectionList />}
        </aside>
        <main class="center">
          <FilterBar />
          <MessageTable />
        </main>
        <DetailPane />
      </div>
    </div>
  );
}
