import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the hub below /app/, with a second page deeper still (/app/settings/profile/): the Wasm
// file must be found beside the bundled module, whatever the page's own path.
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: process.env.ENTANGLE_APP_OUT ?? 'dist/app',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        profile: resolve(import.meta.dirname, 'settings/profile/index.html'),
      },
    },
  },
});
