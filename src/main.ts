import { buildApp } from './app.js';
import { ConfigError, loadConfig, type TConfig } from './config.js';
import { openRuntime } from './runtime.js';
import { loggerOptions } from './platform/http/log-options.js';
import { issueFirstOwnerLink } from './modules/staff/staff-setup.service.js';

/** Config problems exit with 2 and one readable message, never a stack trace. */
function readConfigOrExit(): TConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`comptoir: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfigOrExit();
  // Query strings may hold reset or verification tokens; cookies and headers hold sessions.
  const logger = loggerOptions(config.logLevel);
  const startupLog = {
    info: (message: string) => process.stdout.write(`${message}\n`),
    warn: (message: string) => process.stderr.write(`${message}\n`),
    error: (message: string) => process.stderr.write(`${message}\n`),
  };
  const runtime = await openRuntime({ config, log: startupLog });
  const app = await buildApp({
    ...runtime.context,
    devMailbox: config.env !== 'production' && !config.smtpUrl,
    logger,
  });
  let stopping = false;
  // Keep-alive connections would hold app.close() open for their whole idle timeout: once
  // stopping, each response closes its connection, so in-flight requests end and nothing waits.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (stopping) reply.header('connection', 'close');
    return payload;
  });
  runtime.mailWorker.start();
  runtime.webhookWorker.start();
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    `Comptoir is serving ${config.publicUrl} on ${runtime.database.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}` +
      (config.smtpUrl ? '' : `; emails go to ${config.publicUrl}/dev/mailbox`),
  );

  // First run (F6.1): nobody can reach the back office yet. Nothing is created silently: the
  // operator gets a one-time link to create the owner, on stdout and not in the JSON log.
  const ownerLink = await issueFirstOwnerLink(runtime.context);
  if (ownerLink) process.stdout.write(`\nNo staff account yet. Create the back office owner within 24 hours (the link works once):\n${ownerLink}\n\n`);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: finishing requests in flight, then closing`);
    // Forced exit if something hangs: an orchestrator's kill would be worse.
    setTimeout(() => process.exit(1), 20_000).unref();
    const closing = app.close();
    app.server.closeIdleConnections();
    await closing;
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`comptoir: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
