// The built worker hook's text, put in by the build (vite.config.ts `define`); '' where it is not
// (unit tests), and then workers are started as without us.
import { bootFunctionSource } from '../../shared/worker-boot';

declare const WSI_WORKER_HOOK_SOURCE: string;

export const workerBootSource: string = typeof WSI_WORKER_HOOK_SOURCE === 'string' ? bootFunctionSource(WSI_WORKER_HOOK_SOURCE) : '';
