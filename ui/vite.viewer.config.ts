import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The relay serves the page at /s/ID from `index.html` and its assets under /viewer/.
const asIndex: Plugin = {
  name: 'viewer-as-index',
  // After vite:build-html, which emits the page in its own generateBundle.
  enforce: 'post',
  generateBundle(_options, bundle) {
    const page = bundle['viewer.html'];
    if (page) page.fileName = 'index.html';
  },
};

// The registrar's viewer: a second build, separate from the app's (`vite.config.ts`).
export default defineConfig({
  plugins: [svelte(), asIndex],
  base: '/viewer/',
  // The app's public/ files (icons) are not the viewer's.
  publicDir: false,
  clearScreen: false,
  build: {
    target: 'es2022',
    outDir: 'dist-viewer',
    emptyOutDir: true,
    // Inline nothing: the relay's CSP allows scripts, styles and wasm from 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: { input: 'viewer.html' },
  },
});
