import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import postcssPresetMantine from 'postcss-preset-mantine';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(here, 'dist');

/**
 * The API's `/api/docs` page is served by the backend but loads Swagger UI's assets from the console's
 * origin (`/docs/*`), so the console build ships them. Copying two files needs no plugin dependency.
 */
const swaggerDocs = (): Plugin => ({
  name: 'firefly-swagger-docs',
  apply: 'build',
  closeBundle() {
    const require = createRequire(import.meta.url);
    const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
    const docsDir = join(outDir, 'docs');
    mkdirSync(docsDir, { recursive: true });
    for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js']) {
      copyFileSync(join(swaggerDir, file), join(docsDir, file));
    }
    writeFileSync(
      join(docsDir, 'init.js'),
      "window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#api', deepLinking: true });\n",
    );
  },
});

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), swaggerDocs()],
  css: { postcss: { plugins: [postcssPresetMantine()] } },
  build: {
    outDir,
    emptyOutDir: true,
    // Gzip sizes are what the initial-JS budget (250 KB) is measured in.
    reportCompressedSize: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/config.json': 'http://localhost:3000',
    },
  },
});
