import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The back office is a second app next to the portal: same stack, its own bundle under /admin.
const webDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: `${webDir}backoffice`,
  // Built asset URLs start with /admin/, where src/app.ts serves them.
  base: '/admin/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web/backoffice', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      onLog(level, log, handler) {
        // Same react-router "use client" noise as the portal's build (see vite.config.ts).
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('use client')) return;
        handler(level, log);
      },
    },
  },
});
