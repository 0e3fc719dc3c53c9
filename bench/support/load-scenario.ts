import autocannon from 'autocannon';

export type TScenario = {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Bodies sent in turn, one request each, instead of `body`: a PATCH that changes something on
   * every request (the same body again would be an unchanged save, which writes nothing).
   */
  bodies?: string[];
  /**
   * Headers of each connection (the k-th connection gets entry k modulo their number), on top of
   * `headers`: ten signed-in customers each on their own connection, say.
   */
  connectionHeaders?: Record<string, string>[];
};

export type TScenarioResult = {
  name: string;
  method: TScenario['method'];
  path: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  /** Connection errors and timeouts: any makes the run unusable. */
  errors: number;
};

/** Loads one route: an unrecorded warm-up, then the measured run. */
export async function runLoadScenario(options: {
  baseUrl: string;
  scenario: TScenario;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}): Promise<TScenarioResult> {
  const { scenario } = options;
  const bodies = scenario.bodies ?? (scenario.body === undefined ? [undefined] : [scenario.body]);
  let clients = 0;
  // autocannon calls this once per connection, in the bench's process: each gets its headers.
  const setupClient = (client: { setRequests(requests: object[]): void }) => {
    const own = scenario.connectionHeaders?.[clients++ % scenario.connectionHeaders.length] ?? {};
    client.setRequests(bodies.map((body) => ({ method: scenario.method, path: scenario.path, headers: { ...scenario.headers, ...own }, ...(body === undefined ? {} : { body }) })));
  };
  const load = (duration: number) =>
    autocannon({
      url: `${options.baseUrl}${scenario.path}`,
      method: scenario.method,
      headers: scenario.headers ?? {},
      ...(scenario.body === undefined ? {} : { body: scenario.body }),
      ...(scenario.bodies === undefined ? {} : { requests: scenario.bodies.map((body) => ({ method: scenario.method, path: scenario.path, body })) }),
      ...(scenario.connectionHeaders === undefined ? {} : { setupClient }),
      connections: options.connections,
      duration,
    });
  await load(options.warmupSeconds);
  const result = await load(options.durationSeconds);
  return {
    name: scenario.name,
    method: scenario.method,
    path: scenario.path,
    requestsPerSecond: result.requests.mean,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
