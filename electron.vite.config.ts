import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

// Roots are fixed by the project layout: electron/main, electron/preload, renderer/.
export default defineConfig({
  main: {
    // The web host is built beside the Electron main process: plain Node runs it where Electron cannot.
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts'), host: resolve(__dirname, 'electron/host/start.ts') } },
    },
  },
  preload: {
    // A sandboxed preload can require only 'electron': bundle everything else into it.
    build: { externalizeDeps: false, outDir: 'out/preload', rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } } },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    build: { outDir: resolve(__dirname, 'out/renderer'), rollupOptions: { input: resolve(__dirname, 'renderer/index.html') } },
    plugins: [react()],
  },
});
