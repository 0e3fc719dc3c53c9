import { readFile } from 'node:fs/promises';

/**
 * The resident memory (VmRSS, KiB) of the server: the deepest process under `rootPid` whose
 * command line names main.ts or main.js (tsx starts node, which runs Comptoir), read from /proc. Null where
 * /proc is not there.
 */
export async function serverResidentKiB(rootPid: number | undefined): Promise<{ pid: number; vmRssKiB: number; vmHwmKiB: number } | null> {
  if (rootPid === undefined) return null;
  try {
    let pid = rootPid;
    for (let at = rootPid; ; ) {
      if (/main\.[jt]s/.test(await readFile(`/proc/${at}/cmdline`, 'utf8'))) pid = at;
      const children = (await readFile(`/proc/${at}/task/${at}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean);
      if (children.length === 0) break;
      at = Number(children[0]);
    }
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { pid, vmRssKiB: field('VmRSS'), vmHwmKiB: field('VmHWM') };
  } catch {
    return null;
  }
}

/** /proc/loadavg's three averages, so a result file says how busy the machine was. */
export async function loadAverage(): Promise<number[] | null> {
  try {
    return (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).map(Number);
  } catch {
    return null;
  }
}
