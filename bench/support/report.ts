import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { TArgon2Rate } from './argon2-rate.js';
import type { TScenarioResult } from './load-scenario.js';
import type { TDatabaseKind } from './server-process.js';

export const BENCH_TARGETS = { meToHealthz: 0.4, loginToArgon2: 0.85 } as const;

export type TBenchReport = {
  startedAt: string;
  machine: { cpus: { count: number; model: string }; totalMemGiB: number; node: string };
  database: TDatabaseKind;
  durationSeconds: number;
  connections: number;
  scenarios: (Omit<TScenarioResult, 'errors'> & { ratioToHealthz: number })[];
  argon2: TArgon2Rate;
  loginToArgon2Ratio: number;
  targets: typeof BENCH_TARGETS;
  meetsTargets: { meToHealthz: boolean; loginToArgon2: boolean };
  /** What made the figures unusable (errors, non-2xx answers); empty on a clean run. */
  problems: string[];
};

/** Ratios are taken to /healthz of the same run, so a busy machine shifts both sides alike. */
export function buildBenchReport(options: {
  startedAt: Date;
  database: TDatabaseKind;
  durationSeconds: number;
  connections: number;
  scenarios: TScenarioResult[];
  argon2: TArgon2Rate;
}): TBenchReport {
  const rateOf = (name: string) => options.scenarios.find((scenario) => scenario.name === name)?.requestsPerSecond ?? 0;
  const healthz = rateOf('healthz');
  const ratio = (numerator: number, denominator: number) => (denominator > 0 ? round(numerator / denominator, 3) : 0);
  const meToHealthz = ratio(rateOf('me'), healthz);
  const loginToArgon2Ratio = ratio(rateOf('login'), options.argon2.verifiesPerSecond);
  const cpuList = cpus();
  return {
    startedAt: options.startedAt.toISOString(),
    machine: {
      cpus: { count: cpuList.length, model: cpuList[0]?.model.trim() ?? 'unknown' },
      totalMemGiB: round(totalmem() / 1024 ** 3, 1),
      node: process.version,
    },
    database: options.database,
    durationSeconds: options.durationSeconds,
    connections: options.connections,
    scenarios: options.scenarios.map((scenario) => ({
      name: scenario.name,
      method: scenario.method,
      path: scenario.path,
      requestsPerSecond: round(scenario.requestsPerSecond, 1),
      latencyP50Ms: scenario.latencyP50Ms,
      latencyP99Ms: scenario.latencyP99Ms,
      non2xx: scenario.non2xx,
      ratioToHealthz: ratio(scenario.requestsPerSecond, healthz),
    })),
    argon2: { ...options.argon2, verifiesPerSecond: round(options.argon2.verifiesPerSecond, 1) },
    loginToArgon2Ratio,
    targets: BENCH_TARGETS,
    meetsTargets: {
      meToHealthz: meToHealthz >= BENCH_TARGETS.meToHealthz,
      loginToArgon2: loginToArgon2Ratio >= BENCH_TARGETS.loginToArgon2,
    },
    problems: options.scenarios.flatMap((scenario) => [
      ...(scenario.errors > 0 ? [`${scenario.name}: ${scenario.errors} connection errors or timeouts`] : []),
      ...(scenario.non2xx > 0 ? [`${scenario.name}: ${scenario.non2xx} non-2xx answers`] : []),
    ]),
  };
}

/** Writes `<dir>/<ISO timestamp>-auth.json` (colons become dashes, for every file system). */
export async function writeBenchReport(report: TBenchReport, directory: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${report.startedAt.replaceAll(':', '-')}-auth.json`);
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}

export function formatBenchReport(report: TBenchReport): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', '÷ healthz'];
  const rows = report.scenarios.map((scenario) => [
    `${scenario.method} ${scenario.path}${scenario.name === 'me_uncached' ? ' (session cache off)' : ''}`,
    scenario.requestsPerSecond.toFixed(0),
    scenario.latencyP50Ms.toFixed(1),
    scenario.latencyP99Ms.toFixed(1),
    String(scenario.non2xx),
    scenario.ratioToHealthz.toFixed(3),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  const verdict = (met: boolean) => (met ? 'met' : 'missed');
  const me = report.scenarios.find((scenario) => scenario.name === 'me');
  const { cpus: cpuInfo } = report.machine;
  return [
    `Comptoir auth bench — ${report.database}, ${report.connections} connections, ${report.durationSeconds} s per scenario`,
    `${cpuInfo.count} × ${cpuInfo.model}, ${report.machine.totalMemGiB} GiB, node ${report.machine.node}`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    `argon2id verify (in the bench, ${report.argon2.concurrency} loops): ${report.argon2.verifiesPerSecond.toFixed(1)}/s`,
    `GET /api/me ÷ /healthz: ${(me?.ratioToHealthz ?? 0).toFixed(3)} (target ≥ ${report.targets.meToHealthz}${report.database === 'postgres' ? '' : ', judged on PostgreSQL'}): ${verdict(report.meetsTargets.meToHealthz)}`,
    `login ÷ argon2id verify: ${report.loginToArgon2Ratio.toFixed(3)} (target ≥ ${report.targets.loginToArgon2}): ${verdict(report.meetsTargets.loginToArgon2)}`,
    ...report.problems.map((problem) => `PROBLEM ${problem}`),
  ].join('\n');
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
