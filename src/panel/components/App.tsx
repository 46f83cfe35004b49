// Layout: toolbar and notices on top; sessions (history tab) and connections on the left;
// filters and the message table in the middle (in the history tab, or search results over all sessions); the selected message on the right.
import { HostAccessNotice } from '../permissions/HostAccessNotice';
import { InterceptArea } from '../intercept/InterceptButtons';
import { SearchBox } from '../search/SearchBox';
import { shownSearch } from '../search/search-view';
import { statsShown } from '../stats/stats-toggle';
import { timelineShown } from '../timeline/timeline-toggle';
import { usePanel } from '../usePanel';
import { ConnectionList } from './ConnectionList';
import { DetailPane } from './DetailPane';
import { FilterBar } from './FilterBar';
import { MessageTable } from './MessageTable';
import { lazyComponent } from './Lazy';
import { SessionList } from './SessionList';
import { Notices, Toolbar } from './Toolbar';

const TimelineView = lazyComponent(async () => (await import('../timeline/TimelineView')).TimelineView);
const DiffView = lazyComponent(async () => (await import('../diff/DiffView')).DiffView);
const StatsView = lazyComponent(async () => (await import('../stats/StatsView')).StatsView);
const SearchResults = lazyComponent(async () => (await import('../search/SearchResults')).SearchResults);

export function App() {
  const { session, compare } = usePanel();
  const compared = compare.shown.value;
  const inHistory = session.inHistory;
  return (
    <div class={`app ${inHistory ? 'is-history' : 'is-panel'}`}>
      <Toolbar />
      <Notices />
      <HostAccessNotice />
      <div class="main">
        <aside class="sidebar">
          {inHistory && <SearchBox />}
          {inHistory && <SessionList />}
          {(!inHistory || session.sessionIds.value.length > 0) && <ConnectionList />}
        </aside>
        <main class="center">
          <InterceptArea />
          {inHistory && shownSearch.value ? (
            <SearchResults query={shownSearch.value} />
          ) : (
            <>
              {timelineShown.value && <TimelineView />}
              {statsShown.value && <StatsView />}
              {compared && <DiffView before={compared.before} after={compared.after} />}
              <FilterBar />
              <MessageTable />
            </>
          )}
        </main>
        <DetailPane />
      </div>
    </div>
  );
}
