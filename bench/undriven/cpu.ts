// CPU time of one browser's processes, read from /proc: it moves far less than wall time on a shared
// 2-core machine, so it is the steadier figure when comparing contenders.
import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU seconds (user + system) of the browser whose command line names `userDataDir` and all its
 * descendants, by kind of process, including those that ended and were reaped: a closed tab's
 * renderer counts in its parent's cutime and cstime (the zygote's), with the page renderers.
 */
export function cpuByProcess(userDataDir: string): Map<string, number> {
  const processes = new Map<string, { parent: string; ticks: number; command: string }>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(pid, {
        parent: fields[1]!,
        ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
        command: readFileSync(`/proc/${pid}/cmdline`, 'utf8'),
      });
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = new Set(
    [...processes].filter(([, info]) => info.command.includes(userDataDir) && !processes.get(info.parent)?.command.includes(userDataDir)).map(([pid]) => pid),
  );
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, info] of processes) if (!tree.has(pid) && tree.has(info.parent)) grew = tree.add(pid).size > 0;
  }
  const byKind = new Map<string, number>();
  for (const pid of tree) {
    const { ticks, command, parent } = processes.get(pid)!;
    // A process that exited and awaits reaping (the zygote reaps closed tabs' renderers lazily) has
    // no command line any more: it counts as what its parent reaps.
    const kind = command === '' ? reapedKind(processes.get(parent)?.command ?? '') : processKind(command);
    byKind.set(kind, (byKind.get(kind) ?? 0) + ticks / 100); // USER_HZ
  }
  return byKind;
}

function processKind(command: string): string {
  const type = /--type=([\w-]+)/.exec(command)?.[1];
  if (type === undefined) return 'browser';
  if (type === 'zygote') return reapedKind(command);
  if (type === 'renderer') {
    if (command.includes('--extension-process')) return 'extension';
    return command.includes('--top-chrome-webui') ? 'browser UI renderer' : 'page renderers';
  }
  const service = /--utility-sub-type=([\w.]+)/.exec(command)?.[1];
  return service ? `utility ${service.split('.')[0]}` : type;
}

/** What each kind spent between two readings. */
export function cpuSpent(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  return new Map([...after].map(([kind, seconds]) => [kind, seconds - (before.get(kind) ?? 0)]));
}

/** What ended children of a process with this command line were: closed tabs' renderers are the zygote's. */
function reapedKind(parentCommand: string): string {
  return parentCommand.includes('--type=zygote') ? 'page renderers' : processKind(parentCommand);
}
