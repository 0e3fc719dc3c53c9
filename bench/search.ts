import type { TBenchConfig } from './support/bench-config.js';

/** Placeholder for the back-office search over a large base (bench/search.ts); filled by its part of issue 6. */
export async function runSearchBench(options: { config: TBenchConfig; repoRoot: string; resultsDir: string; log: (message: string) => void }): Promise<number> {
  options.log('search bench: not written yet');
  return 0;
}
