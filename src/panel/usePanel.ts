// Hands the panel's state to components. A component re-renders when a signal it read while
// rendering changes (@preact/signals tracks the reads), so it subscribes to exactly what it shows.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Panel } from './state/panel';

export const PanelContext = createContext<Panel | null>(null);

export function usePanel(): Panel {
  const panel = useContext(PanelContext);
  if (!panel) throw new Error('usePanel outside <PanelContext.Provider>');
  return panel;
}
