import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin, type Rolldown } from 'vite';

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

/**
 * Writes `.br` and `.gz` beside every text asset once, at build time, so the server (sirv with
 * `brotli`/`gzip`) sends a phone on a slow network a fraction of the bytes without compressing
 * anything per request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'pantau-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir).filter((f) => COMPRESSIBLE.test(f))) {
        const body = fs.readFileSync(file);
        if (body.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        fs.writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

/**
 * Emits `survei.html`: the SKM form (src/public/survey-document.ts) as one document with its
 * script and styles inline, bundled on its own so that it shares no chunk with the dashboard. The
 * server sends it for `/survei/<code>`: under DevTools' Slow 3G preset every request waits 2 s, so
 * the first question must come with the first response. Fails the build if the form needs a second file.
 */
function surveyDocument(): Plugin {
  let root = '';
  return {
    name: 'pantau-survey-document',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    async generateBundle() {
      const built = await build({
        configFile: false,
        root,
        logLevel: 'warn',
        build: { write: false, copyPublicDir: false, modulePreload: false, rolldownOptions: { input: path.join(root, 'src/public/survey-document.ts') } },
      });
      const files = (Array.isArray(built) ? built : [built as Rolldown.RolldownOutput]).flatMap((b) => b.output);
      const scripts = files.filter((f) => f.type === 'chunk');
      if (scripts.length !== 1) throw new Error(`survei.html must be self-contained, but the form needs ${scripts.map((c) => c.fileName).join(', ')}`);
      // Neither may close its element early.
      const inline = (text: string, tag: string) => text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
      const css = files.flatMap((f) => (f.type === 'asset' && f.fileName.endsWith('.css') ? [String(f.source)] : [])).join('');
      const html = fs
        .readFileSync(path.join(root, 'index.html'), 'utf8')
        .replace('<title>Pantau</title>', () => `<title>Survei Kepuasan Masyarakat</title>\n    <style>${inline(css, 'style')}</style>`)
        .replace(/<script type="module" src="[^"]+"><\/script>/, () => `<script type="module">${inline(scripts[0]!.code, 'script')}</script>`);
      this.emitFile({ type: 'asset', fileName: 'survei.html', source: html });
    },
  };
}

// The server serves dist/ at `/` and the API at `/graphql` on one port; in `vite` dev the proxy
// recreates that single origin so client.ts needs no environment-specific URLs.
export default defineConfig({
  plugins: [react(), surveyDocument(), precompress()],
  // The manifest lets the bench add up each page's initial JavaScript (entry + its lazy chunk + their imports).
  build: { outDir: 'dist', emptyOutDir: true, manifest: true },
  server: {
    proxy: {
      '/graphql': { target: 'http://localhost:4000', ws: true, changeOrigin: true },
    },
  },
});
