// Hands the store to components and re-renders them when it changes.
import { createContext } from 'preact';
import { useContext, useLayoutEffect, useState } from 'preact/hooks';
import type { PanelState, PanelStore } from './store';

export const StoreContext = createContext<PanelStore | null>(null);

export function useStore(): [PanelState, PanelStore] {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside <StoreContext.Provider>');
  const [, setVersion] = useState(0);
  const rendered = store.state;
  // A layout effect, and a look at what changed since the render: a plain effect subscribes only after
  // the next paint, and the store's first rows (or its last update) would wait for a later change.
  useLayoutEffect(() => {
    const unsubscribe = store.subscribe(() => setVersion((version) => version + 1));
    if (store.state !== rendered) setVersion((version) => version + 1);
    return unsubscribe;
  }, [store]);
  return [store.state, store];
}
