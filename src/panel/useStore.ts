// Hands the store to components and re-renders them when it changes.
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { PanelState, PanelStore } from './store';

export const StoreContext = createContext<PanelStore | null>(null);

export function useStore(): [PanelState, PanelStore] {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside <StoreContext.Provider>');
  const [, setVersion] = useState(0);
  useEffect(() => store.subscribe(() => setVersion((version) => version + 1)), [store]);
  return [store.state, store];
}
