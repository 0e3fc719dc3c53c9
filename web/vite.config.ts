import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Paths hang off this file's folder so the build works whatever the working directory.
const webDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: `${webDir}portal`,
  base: '/',
  // Vite 8 compiles TSX with Oxc, so no React plugin is needed.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web/portal', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      onLog(level, log, handler) {
        // react-router marks its modules "use client" for React Server Components; a client-only
        // bundle has nothing to preserve, so the warning is noise.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('use client')) return;
        handler(level, log);
      },
    },
  },
});
