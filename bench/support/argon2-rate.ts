import { hash, verify, type Algorithm } from '@node-rs/argon2';

// The package's Algorithm is a const enum, which isolated modules cannot inline: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/** The cost the server signs in with (OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane). */
const ARGON2_COST = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const BENCH_ARGON2_PARAMETERS = { algorithm: 'argon2id', ...ARGON2_COST } as const;

export type TArgon2Rate = {
  verifiesPerSecond: number;
  concurrency: number;
  parameters: typeof BENCH_ARGON2_PARAMETERS;
};

/**
 * The ceiling for password sign-ins on this machine: argon2id verifications per second with as
 * many loops as the server has libuv threads, in this process, without HTTP or database.
 */
export async function measureArgon2VerifyRate(options: {
  concurrency: number;
  durationSeconds: number;
}): Promise<TArgon2Rate> {
  const password = 'correct horse battery staple bench';
  const passwordHash = await hash(password, { algorithm: ARGON2ID, ...ARGON2_COST });
  // One unrecorded verification per loop, so thread start-up is not timed.
  await Promise.all(Array.from({ length: options.concurrency }, () => verify(passwordHash, password)));

  const startedAt = performance.now();
  const endsAt = startedAt + options.durationSeconds * 1000;
  let verified = 0;
  const loop = async () => {
    while (performance.now() < endsAt) {
      if (!(await verify(passwordHash, password))) throw new Error('argon2id verify returned false');
      verified += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  return {
    verifiesPerSecond: verified / elapsedSeconds,
    concurrency: options.concurrency,
    parameters: BENCH_ARGON2_PARAMETERS,
  };
}
