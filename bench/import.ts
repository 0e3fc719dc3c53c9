import type { TBenchConfig } from './support/bench-config.js';

/** Placeholder for the CSV import of 100,000 customers (bench/import.ts); filled by its part of issue 6. */
export async function runImportBench(options: { config: TBenchConfig; repoRoot: string; resultsDir: string; log: (message: string) => void }): Promise<number> {
  options.log('import bench: not written yet');
  return 0;
}
