/**
 * Multi-step sign-ins (several requests, cookies, redirects) cannot be loaded with autocannon:
 * here `workers` async loops each run the whole flow again and again, one at a time, and every
 * completed flow is one sample. The first `warmupSeconds` are not recorded; a flow counts when
 * it completes inside the measured window; flows still running when it closes are awaited but
 * not counted.
 */
export type TFlowResult = {
  name: string;
  /** The requests one flow makes, for the report. */
  steps: string[];
  flowsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  completedFlows: number;
  /** Flows that went wrong (an unexpected answer), warm-up included: any makes the run unusable. */
  failedFlows: number;
  /** The first few failures, as said by the flow. */
  failures: string[];
};

export type TFlow = (context: { worker: number; iteration: number }) => Promise<void>;

const KEPT_FAILURES = 5;

export async function runFlowScenario(options: {
  name: string;
  steps: string[];
  workers: number;
  durationSeconds: number;
  warmupSeconds: number;
  flow: TFlow;
}): Promise<TFlowResult> {
  let iteration = 0;
  const failures: string[] = [];
  let failedFlows = 0;

  // One continuous run: the warm-up's flows lead straight into the measured window, so it
  // opens on a server in its steady state rather than on ten flows starting together.
  const durations: number[] = [];
  const startedAt = performance.now();
  const measureFrom = startedAt + options.warmupSeconds * 1000;
  const endsAt = measureFrom + options.durationSeconds * 1000;
  const loop = async (worker: number) => {
    while (performance.now() < endsAt) {
      const flowStartedAt = performance.now();
      try {
        await options.flow({ worker, iteration: iteration++ });
      } catch (error) {
        failedFlows += 1;
        if (failures.length < KEPT_FAILURES) failures.push(error instanceof Error ? error.message : String(error));
        continue;
      }
      const finishedAt = performance.now();
      if (finishedAt >= measureFrom && finishedAt <= endsAt) durations.push(finishedAt - flowStartedAt);
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, worker) => loop(worker)));
  const seconds = options.durationSeconds;
  durations.sort((a, b) => a - b);
  return {
    name: options.name,
    steps: options.steps,
    flowsPerSecond: durations.length / seconds,
    latencyP50Ms: percentile(durations, 0.5),
    latencyP99Ms: percentile(durations, 0.99),
    completedFlows: durations.length,
    failedFlows,
    failures,
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 10) / 10;
}
