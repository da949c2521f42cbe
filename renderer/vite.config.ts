import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// No node: imports here, so the renderer's no-Node lint rule holds for this file too.
const root = import.meta.dirname;
const apiPort = process.env.SCIM_DESK_API_PORT ?? '4780';
const apiTarget = `http://127.0.0.1:${apiPort}`;

/**
 * The dev server needs inline scripts (React Refresh preamble) and injects CSS as <style> tags, both of
 * which the production CSP forbids; so in dev only, the CSP <meta> is taken out. Builds keep it.
 */
function devWithoutCspMeta(): Plugin {
  return {
    name: 'scim-desk:dev-without-csp-meta',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[\s\S]*?\/>/, ''),
  };
}

export default defineConfig({
  root,
  // Relative asset URLs work under app://scim-desk/ (Electron) and under the web shell alike.
  base: './',
  plugins: [react(), devWithoutCspMeta()],
  build: {
    outDir: '../dist/renderer', // relative to root
    emptyOutDir: true,
    // The module-preload polyfill is for old browsers; both shells are current Chromium.
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': {
        target: apiTarget,
        // The web shell only answers its own Host and Origin (DNS-rebinding/CSRF guard). The dev
        // server's own origin is rewritten to the shell's; any other origin passes through and is refused.
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReq', (proxyReq, req) => {
            const origin = req.headers.origin;
            const devHost = req.headers.host;
            if (origin && devHost && origin === `http://${devHost}`) proxyReq.setHeader('origin', apiTarget);
          });
        },
      },
    },
  },
});
