// Chrome's chrome.debugger, for deep capture of worker sockets (src/background/deep-capture/). Chromium
// only: Firefox has no such API, and debuggerApi() is null there. Every call returns a promise (MV3).

export interface DebuggerTarget {
  id: string;
  /** "worker" for shared and service workers (dedicated workers are "other"), "page", … */
  type: string;
  url: string;
}

export interface DebuggerApi {
  getTargets(): Promise<DebuggerTarget[]>;
  attach(targetId: string): Promise<void>;
  detach(targetId: string): Promise<void>;
  send(targetId: string, method: string, params?: object): Promise<unknown>;
  onEvent(listener: (targetId: string, method: string, params: unknown) => void): void;
  /** `reason`: "target_closed", or "canceled_by_user" when the user closed Chrome's debugging banner. */
  onDetach(listener: (targetId: string, reason: string) => void): void;
}

interface Debuggee {
  targetId?: string;
}

interface ChromeDebugger {
  getTargets(): Promise<{ id: string; type: string; url: string }[]>;
  attach(target: Debuggee, version: string): Promise<void>;
  detach(target: Debuggee): Promise<void>;
  sendCommand(target: Debuggee, method: string, params?: object): Promise<unknown>;
  onEvent: { addListener(listener: (source: Debuggee, method: string, params?: unknown) => void): void };
  onDetach: { addListener(listener: (source: Debuggee, reason: string) => void): void };
}

const PROTOCOL_VERSION = '1.3';

/** The debugger API, or null where the browser has none (Firefox) or the permission is missing. */
export function debuggerApi(): DebuggerApi | null {
  const api = (globalThis as { chrome?: { debugger?: ChromeDebugger } }).chrome?.debugger;
  if (!api?.getTargets) return null;
  return {
    getTargets: async () => (await api.getTargets()).map(({ id, type, url }) => ({ id, type, url })),
    attach: (targetId) => api.attach({ targetId }, PROTOCOL_VERSION),
    detach: (targetId) => api.detach({ targetId }),
    send: (targetId, method, params) => api.sendCommand({ targetId }, method, params),
    onEvent: (listener) => api.onEvent.addListener((source, method, params) => source.targetId && listener(source.targetId, method, params)),
    onDetach: (listener) => api.onDetach.addListener((source, reason) => source.targetId && listener(source.targetId, reason)),
  };
}
