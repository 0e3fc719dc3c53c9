import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export type TMachine = {
  cpus: { count: number; model: string };
  totalMemGiB: number;
  node: string;
  /** /proc/loadavg when the figures were taken (1, 5, 15 minutes); null where there is none. */
  loadAverage: [number, number, number] | null;
};

/**
 * What the figures were taken on, with the load average read at the end of the run: the
 * ratios survive a slow machine, but not one whose other work comes and goes during the run.
 */
export function describeMachine(): TMachine {
  const cpuList = cpus();
  return {
    cpus: { count: cpuList.length, model: cpuList[0]?.model.trim() ?? 'unknown' },
    totalMemGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    loadAverage: readLoadAverage(),
  };
}

function readLoadAverage(): [number, number, number] | null {
  try {
    const [one, five, fifteen] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
    return one === undefined || five === undefined || fifteen === undefined ? null : [one, five, fifteen];
  } catch {
    return null;
  }
}
