// The panel's only contact with browser APIs: which tab, which theme, the background port, opening
// the history tab, stored notices and the table's column layout. Everything else in src/panel is plain Preact + IndexedDB and runs in any extension page.
import { browser, type Runtime } from '../platform/browser';
import { devtoolsTheme, forcedTheme, inspectedTabId, type Theme } from '../platform/panel-early';
import { readNotices, type StoredNotice } from '../platform/notice-log';
import { loadProtocolChoices, saveProtocolChoices } from '../platform/protocol-choices';
import { loadProtoSchemaSettings, onProtoSchemaSettingsChanged, saveProtoSchemaSettings } from '../platform/proto-schemas';
import { EMPTY_PROTO_SCHEMA_SETTINGS } from '../shared/proto-schemas';
import type { ProtoSchemaStore } from './protocols/proto-slice';
import type { ProtocolChoice, ProtocolStore } from './protocols/protocol-slice';
import { readTableLayout, writeTableLayout } from '../platform/table-layout';
import type { BackgroundToPanel, PanelToBackground } from '../shared/messages';
import { HISTORY_PAGE, PANEL_PORT } from '../shared/tags';
import type { LayoutStorage } from './table/column-slice';

export type { Theme };

export interface BackgroundLink {
  post(message: PanelToBackground): void;
  close(): void;
}

export interface PanelHost {
  /** The inspected tab in the DevTools panel; null in the standalone history tab. */
  readonly tabId: number | null;
  theme(): Theme;
  onThemeChange(listener: (theme: Theme) => void): void;
  connect(onMessage: (message: BackgroundToPanel) => void, onDisconnect: () => void): BackgroundLink;
  openHistory(): void;
  /** Notices the background kept (storage full, lost messages) from before this page opened. */
  storedNotices(): Promise<StoredNotice[]>;
  /** The user's "decode as" choices per socket origin. */
  readonly protocolChoices: ProtocolStore;
  /** The user's .proto files and the message types bound to socket URLs. */
  readonly protoSchemas: ProtoSchemaStore;
  /** Where the table's column layout is kept (the panel and the history tab share it). */
  readonly tableLayout: LayoutStorage;
}

/**
 * `?tabId=` and `?theme=` override what DevTools says, so the panel page also works (and is tested)
 * when opened directly as an extension page.
 */
export function devtoolsPanelHost(): PanelHost {
  const devtools = safeDevtools();
  const onThemeChange = (listener: (theme: Theme) => void) => {
    if (forcedTheme() !== null || !devtools) return;
    const toTheme = (name: string): Theme => (name === 'dark' ? 'dark' : 'light');
    // Chrome has setThemeChangeHandler; Firefox has the onThemeChanged event.
    const chromePanels = (globalThis as { chrome?: { devtools?: { panels?: { setThemeChangeHandler?: (handler: (name: string) => void) => void } } } }).chrome
      ?.devtools?.panels;
    if (chromePanels?.setThemeChangeHandler) chromePanels.setThemeChangeHandler((name) => listener(toTheme(name)));
    else devtools.panels.onThemeChanged?.addListener((name) => listener(toTheme(name)));
  };
  return { ...sharedHost(), tabId: inspectedTabId(), theme: devtoolsTheme, onThemeChange };
}

/** The history tab follows the OS colour scheme, there being no DevTools theme to follow. */
export function historyHost(): PanelHost {
  const query = matchMedia('(prefers-color-scheme: dark)');
  return {
    ...sharedHost(),
    tabId: null,
    theme: () => (query.matches ? 'dark' : 'light'),
    onThemeChange: (listener) => query.addEventListener('change', () => listener(query.matches ? 'dark' : 'light')),
  };
}

function sharedHost(): Pick<PanelHost, 'connect' | 'openHistory' | 'storedNotices' | 'protocolChoices' | 'protoSchemas' | 'tableLayout'> {
  return {
    storedNotices: () => readNotices().catch(() => []),
    protocolChoices: {
      load: () => loadProtocolChoices((value): value is ProtocolChoice => typeof value === 'string').catch(() => ({})),
      save: (choices) => saveProtocolChoices(choices),
    },
    protoSchemas: {
      load: () => loadProtoSchemaSettings().catch(() => EMPTY_PROTO_SCHEMA_SETTINGS),
      save: saveProtoSchemaSettings,
      onChange: onProtoSchemaSettingsChanged,
    },
    tableLayout: { read: readTableLayout, write: writeTableLayout },
    connect(onMessage, onDisconnect) {
      let port: Runtime.Port | undefined;
      try {
        port = browser.runtime.connect({ name: PANEL_PORT });
      } catch {
        // No background to talk to (e.g. extension reloading): the panel retries.
        setTimeout(onDisconnect, 0);
        return { post: () => {}, close: () => {} };
      }
      port.onMessage.addListener((message) => onMessage(message as BackgroundToPanel));
      port.onDisconnect.addListener(() => onDisconnect());
      return {
        post: (message) => port.postMessage(message),
        close: () => port.disconnect(),
      };
    },
    openHistory: openHistoryPage,
  };
}

/** Opens the stored-sessions page in a new tab, from any extension page. */
export function openHistoryPage(): void {
  const url = browser.runtime.getURL(HISTORY_PAGE);
  const openWindow = () => void window.open(url, '_blank', 'noopener');
  // Firefox gives DevTools panels no tabs API at all: fall back to window.open.
  try {
    browser.tabs.create({ url }).catch(openWindow);
  } catch {
    openWindow();
  }
}

/** browser.devtools exists only in pages DevTools loaded; elsewhere reading it may throw or be undefined. */
function safeDevtools(): typeof browser.devtools | undefined {
  try {
    return browser.devtools?.inspectedWindow ? browser.devtools : undefined;
  } catch {
    return undefined;
  }
}
