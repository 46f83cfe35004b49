// Every tag and name that crosses a context boundary, in one place.

/** DOM event names used once at document_start to pair the page hook with the content script. */
export const PAIR_HELLO_EVENT = 'websocket-inspector:hello';
export const PAIR_OFFER_EVENT = 'websocket-inspector:offer';

/** Prefix of the secret, per-document event names used after pairing. */
export const CHANNEL_PREFIX = 'websocket-inspector:';

/** runtime.connect port names. */
export const CONTENT_PORT = 'wsi-content';
export const PANEL_PORT = 'wsi-panel';

export const DATABASE_NAME = 'websocket-inspector';

/** The stored-sessions page, relative to the extension root: opened by the toolbar button, the panel and the host-access notice. */
export const HISTORY_PAGE = 'src/panel/history.html';
