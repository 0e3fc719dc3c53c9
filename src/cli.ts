import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';

/** Operator commands. Each prints its result alone on standard output; messages go to stderr. */
const commands: Record<string, { summary: string; run(args: string[]): Promise<number> }> = {
  migrate: {
    summary: 'apply pending database migrations, then exit (the server also does this at start)',
    async run() {
      const config = loadConfig(process.env);
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
      try {
        await migrateDatabase(database);
      } finally {
        await database.close();
      }
      process.stderr.write('migrations applied\n');
      return 0;
    },
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, command]) => `  comptoir ${name.padEnd(10)} ${command.summary}`);
  return `Usage:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(usage());
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`comptoir: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    // PGlite keeps its folder to one process: say so rather than a cryptic lock error.
    process.stderr.write(`comptoir ${name}: ${message}\n(With the embedded database, stop the server first: it holds DATA_DIR.)\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
