import { hash, verify, type Algorithm } from '@node-rs/argon2';

// The package declares Algorithm as a const enum, which isolated modules cannot inline.
const ARGON2ID = 2 as Algorithm;

export type TPasswordHasher = {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Spends the time of one verification, for unknown accounts (no timing oracle). */
  verifyAgainstDummy(password: string): Promise<void>;
};

export type TArgon2Parameters = { memoryCost: number; timeCost: number; parallelism: number };

/** OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane. */
export const OWASP_ARGON2_PARAMETERS: TArgon2Parameters = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export async function createPasswordHasher(
  parameters: TArgon2Parameters = OWASP_ARGON2_PARAMETERS,
): Promise<TPasswordHasher> {
  const options = { algorithm: ARGON2ID, ...parameters };
  const dummyHash = await hash('comptoir-dummy-password-for-timing', options);
  return {
    hash: (password) => hash(password, options),
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
    async verifyAgainstDummy(password) {
      await verify(dummyHash, password).catch(() => false);
    },
  };
}
