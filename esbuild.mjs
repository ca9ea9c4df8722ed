// Bundles the extension. Three modes: development (default), --production (minified, no
// source maps) and --watch (rebuilds and reports in the problem-matcher format VS Code's
// `$esbuild-watch` matcher reads).
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build start/end and errors in the shape of the `$esbuild-watch` problem matcher. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * undici costs hundreds of KB and tens of ms to load, so it lives in its own file
 * (dist/undici.js, from src/api/undici.ts) that the client requires on its first request. This
 * keeps activation cheap: the extension bundle only holds a `require("./undici.js")`.
 */
const lazyUndiciPlugin = {
  name: 'lazy-undici',
  setup(build) {
    build.onResolve({ filter: /^\.\/undici$/ }, () => ({ path: './undici.js', external: true }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: watch ? 'silent' : 'warning',
  plugins: watch ? [problemMatcherPlugin] : [],
};

// Start clean so a production build never ships a development build's source maps.
if (!watch) rmSync('dist', { recursive: true, force: true });

const contexts = await Promise.all([
  esbuild.context({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [...common.plugins, lazyUndiciPlugin],
  }),
  esbuild.context({
    ...common,
    entryPoints: ['src/api/undici.ts'],
    outfile: 'dist/undici.js',
  }),
]);

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
