/**
 * Everything the bench reads from its environment, parsed once. A bad value stops the bench
 * before the server starts rather than producing figures nobody asked for.
 */
export type TBenchConfig = {
  /** Seconds each scenario (and the argon2id loop) is measured. BENCH_DURATION, default 10. */
  durationSeconds: number;
  /** Seconds of unrecorded load before each scenario. Fixed at 2. */
  warmupSeconds: number;
  /** Concurrent HTTP connections. BENCH_CONNECTIONS, default 10. */
  connections: number;
  /** PostgreSQL to bench against. DATABASE_URL, default unset: embedded PGlite in a temp dir. */
  databaseUrl: string | null;
  /** Threads libuv gives the server for argon2id. UV_THREADPOOL_SIZE, default 4. */
  threadpoolSize: number;
};

export function readBenchConfig(environment: NodeJS.ProcessEnv): TBenchConfig {
  return {
    durationSeconds: readPositiveInteger(environment, 'BENCH_DURATION', 10),
    warmupSeconds: 2,
    connections: readPositiveInteger(environment, 'BENCH_CONNECTIONS', 10),
    databaseUrl: environment.DATABASE_URL || null,
    threadpoolSize: readPositiveInteger(environment, 'UV_THREADPOOL_SIZE', 4),
  };
}

function readPositiveInteger(environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = environment[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}
