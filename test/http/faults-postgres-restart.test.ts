import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privatePostgresUnavailable, startPrivatePostgres, type TPrivatePostgres } from '../support/private-postgres.js';
import { startSmtpSink, type TSmtpSink } from '../support/smtp-sink.js';
import { eventually, httpClient, killAllSpawnedServers, signUpOverHttp, startServer, type THttpResponse, type TSpawnedServer } from '../support/spawned-server.js';
import { uniqueEmail } from '../support/test-app.js';

/**
 * PostgreSQL restarted under load, the server left running: while the database is down every
 * request that needs it answers 503 problem+json `database_unavailable` with Retry-After (never
 * a 500, never a hang), /readyz says not ready, and once PostgreSQL is back the same process
 * serves again by itself — its pool and its LISTEN connection (session changes from other
 * instances) reconnect.
 *
 * The cluster is the test's own (initdb on a free port): the machine's shared PostgreSQL serves
 * the other test files and is never stopped. It runs when TEST_DATABASE_URL is set, like the
 * other PostgreSQL tests (PGlite is one process per folder: nothing to restart under a server).
 */
const unavailable = privatePostgresUnavailable();

describe.skipIf(!process.env.TEST_DATABASE_URL || unavailable !== null)(
  `faults: PostgreSQL restarted under load (a private cluster)${unavailable ? ` — skipped: ${unavailable}` : ''}`,
  () => {
    let pg: TPrivatePostgres;
    let mail: TSmtpSink;
    let server: TSpawnedServer;

    beforeAll(async () => {
      pg = await startPrivatePostgres();
      mail = await startSmtpSink();
      // A long session cache: only a NOTIFY can make the server forget a revoked session in time.
      server = await startServer({ DATABASE_URL: pg.url, SMTP_URL: mail.url, SESSION_CACHE_SECONDS: '30' });
    });
    afterAll(async () => {
      await killAllSpawnedServers();
      await mail?.close();
      await pg?.destroy();
    });

    it('503 database_unavailable while it is down, 200 again after, without restarting the server; revoked sessions still refused at once', { timeout: 180_000 }, async () => {
      const client = httpClient(server.baseUrl);
      const customer = await signUpOverHttp(client, mail, uniqueEmail('coupure'));
      const addresses = () => client.get('/api/me/addresses', { token: customer.token }).catch(() => null);
      expect((await addresses())?.status).toBe(200);

      // Load all along: a request every 50 ms, whatever the database is doing.
      const during: (THttpResponse | null)[] = [];
      let loading = true;
      const load = (async () => {
        while (loading) {
          during.push(await addresses());
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();

      await pg.stop();
      const down: THttpResponse[] = [];
      for (let index = 0; index < 5; index += 1) {
        const answer = await addresses();
        expect(answer, 'an answer, not a dropped connection').not.toBeNull();
        down.push(answer!);
      }
      for (const answer of down) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(answer.body).toMatchObject({ status: 503, code: 'database_unavailable' });
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      const ready = await client.get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'not_ready', reason: 'database_unreachable' });
      expect(server.child.exitCode).toBeNull();

      await pg.start();
      await eventually(async () => (await addresses())?.status === 200, 'the server serving again', 60_000);
      loading = false;
      await load;
      expect((await client.get('/readyz')).status).toBe(200);
      // Under load, across the outage: only successes and 503s, never a 500 or a cut connection.
      expect(during.length).toBeGreaterThan(1);
      expect(during.every((answer) => answer !== null && (answer.status === 200 || answer.status === 503))).toBe(true);
      expect(server.child.exitCode).toBeNull();

      // The LISTEN connection came back too: a session revoked straight in the database (as by
      // another instance) is refused at once, though this server would remember it 30 s.
      const sql = postgres(pg.url, { max: 1, onnotice: () => undefined });
      try {
        await eventually(async () => (await sql`select 1 from pg_stat_activity where query like 'listen %'`).length > 0, 'the server listening again', 30_000);
        expect((await client.get('/api/me', { token: customer.token })).status).toBe(200);
        await sql`update sessions set revoked_at = now() where customer_id = ${customer.customerId}`;
        await eventually(async () => (await client.get('/api/me', { token: customer.token })).status === 401, 'the revoked session refused', 3_000);
      } finally {
        await sql.end();
      }
    });
  },
);
