import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { CHANNEL_NAMES } from './shared/contract';

/**
 * pdf.js's data files, emitted under out/renderer/pdfjs/ and served by the app itself (never a CDN):
 * the Adobe CMaps (CJK text in PDFs that do not embed their fonts), the standard-14 font
 * substitutes, and the JavaScript JPEG 2000 decoder (the CSP allows no WebAssembly). lib/pdf-view.ts
 * points pdf.js at them. Not served by the dev server: there such PDFs draw with missing glyphs.
 */
function pdfjsData(): Plugin {
  const from = resolve(__dirname, 'node_modules/pdfjs-dist');
  const dirs: [string, (f: string) => boolean][] = [
    ['cmaps', (f) => f.endsWith('.bcmap')],
    ['standard_fonts', (f) => /\.(pfb|ttf)$/.test(f)],
    ['wasm', (f) => f === 'openjpeg_nowasm_fallback.js'],
  ];
  return {
    name: 'pdfjs-data',
    apply: 'build',
    generateBundle() {
      for (const [dir, keep] of dirs) {
        for (const f of readdirSync(resolve(from, dir)).filter(keep)) {
          this.emitFile({ type: 'asset', fileName: `pdfjs/${dir}/${f}`, source: readFileSync(resolve(from, dir, f)) });
        }
      }
    },
  };
}

// Roots are fixed by the project layout: electron/main, electron/preload, renderer/.
// `--mode release` (npm run dist) compiles the KDF test switch out (electron/vault/kdf.ts).
export default defineConfig(({ mode }) => ({
  main: {
    define: { __KDF_TEST_SWITCH__: JSON.stringify(mode !== 'release') },
    // The web host and the CLI are built beside the Electron main process: plain Node runs them where Electron cannot.
    build: {
      // Only package.json `dependencies` stay external and ship in node_modules: the native modules
      // and pdfkit (it reads its font metrics from its own folder). Every pure-JS library is a
      // devDependency and is bundled here; test/unit/package-files.test.ts checks the result.
      outDir: 'out/main',
      rollupOptions: {
        // A lazily loaded external (pdfkit, pg) is required when first used, as the bundle's own
        // chunks are: no ESM loader between a CommonJS bundle and a CommonJS package.
        output: { dynamicImportInCjs: false },
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          host: resolve(__dirname, 'electron/host/start.ts'),
          // The CLI too: plain Node runs the built file, no TypeScript loader at run time.
          cli: resolve(__dirname, 'electron/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload can require only 'electron': bundle everything else into it.
    // Only the channel names go in (no zod, no schemas): main validates every call.
    define: { __CHANNEL_NAMES__: JSON.stringify(CHANNEL_NAMES) },
    build: {
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/preload/index.ts'),
          // The office client's window: a flag, no IPC (electron/main/office-client.ts).
          client: resolve(__dirname, 'electron/preload/client.ts'),
        },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    // Minified: the first screen (sign-in) loads before anything else; the shell and its pages come after.
    build: { outDir: resolve(__dirname, 'out/renderer'), minify: true, rollupOptions: { input: resolve(__dirname, 'renderer/index.html') } },
    plugins: [react(), pdfjsData()],
    // pdf.js's worker (lib/pdf-view.ts) is an ES module: bundled as one, served from the app itself.
    worker: { format: 'es' },
  },
}));
