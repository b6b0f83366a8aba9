import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves dist/ at `/` and the API at `/graphql` on one port; in `vite` dev the proxy
// recreates that single origin so client.ts needs no environment-specific URLs.
export default defineConfig({
  plugins: [react()],
  // The manifest lets the bench add up each page's initial JavaScript (entry + its lazy chunk + their imports).
  build: { outDir: 'dist', emptyOutDir: true, manifest: true },
  server: {
    proxy: {
      '/graphql': { target: 'http://localhost:4000', ws: true, changeOrigin: true },
    },
  },
});
