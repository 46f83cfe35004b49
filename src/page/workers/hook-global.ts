/** The global name the built worker hook assigns (scripts/worker-hook-build.ts), local to each bootstrap's function. */
export { WORKER_HOOK_GLOBAL } from '../../shared/worker-boot';
