// MAIN-world entry, injected at document_start into every frame before any page script runs.
// Order matters: every built-in the hook relies on is captured while importing the modules below.
import { openHookChannel } from './channel';
import { routeCommand, type CommandTargets } from './command-router';
import { binaryHandOver } from './payload-encoding';
import { installSocketHook } from './socket-wrapper';
import { installStreamHook } from './websocket-stream';
import { installWorkerCapture, type WorkerCapture } from './workers/worker-capture';
import { workerBootSource } from './workers/hook-source';
import { installSharedWorkerCapture } from './workers/shared-workers';
import { uncurryGetter } from '../worlds/pristine';
import { installInterceptor } from './intercept/interceptor';
import { createInterceptForwarding } from './workers/intercept-forwarding';

try {
  // Chrome clones ArrayBuffers in event details between worlds; Firefox accepts only string details.
  binaryHandOver.asBytes = import.meta.env.MODE !== 'firefox';
  let targets: CommandTargets | null = null;
  // Before the channel: pairing may complete, and the relay's first intercept command arrive, inside openHookChannel.
  const intercept = createInterceptForwarding(
    installInterceptor((event) => channel.emit(event)),
    false,
  );
  const pageDocument = document;
  const baseUriOf = uncurryGetter<string>(Node.prototype, 'baseURI');
  // Before the channel too: the relay names the Shared Workers' channel as soon as it pairs.
  const sharedWorkers = installSharedWorkerCapture(
    (event) => channel.emit(event),
    () => baseUriOf(pageDocument),
    import.meta.env.MODE === 'firefox',
  );
  const channel = openHookChannel((command) => {
    if (sharedWorkers.handle(command) || intercept.handle(command)) return;
    if (targets) routeCommand(command, targets, channel.emit);
  });
  const sockets = installSocketHook(channel.emit);
  const streams = installStreamHook(channel.emit);
  const dedicatedWorkers = installWorkerCapture({
    emit: channel.emit,
    baseUrl: () => baseUriOf(pageDocument),
    origin: location.origin,
    bootSource: workerBootSource,
    binaryAsBytes: binaryHandOver.asBytes,
    firstCommands: intercept.forNewWorker,
  });
  intercept.workers = dedicatedWorkers;
  const workers: WorkerCapture = {
    route: (conn) => dedicatedWorkers?.route(conn) ?? sharedWorkers.route(conn),
    broadcast(command) {
      dedicatedWorkers?.broadcast(command);
      sharedWorkers.broadcast(command);
    },
  };
  targets = { sockets, streams, workers };
} catch {
  // Never break the page: without the hook it simply isn't captured.
}
