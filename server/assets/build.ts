// Builds the browser assets into public/build: GOV.UK Frontend styles (compiled with our own font stack,
// so neither the crown nor GDS Transport ships) and our small browser modules, bundled with esbuild.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'
import * as esbuild from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const out = path.join(root, 'public/build')
const src = path.join(root, 'server/assets/src')

export async function buildAssets(): Promise<void> {
  fs.mkdirSync(out, { recursive: true })
  const css = sass.compile(path.join(src, 'styles/app.scss'), {
    loadPaths: [path.join(root, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'slash-div'] as never,
  })
  fs.writeFileSync(path.join(out, 'app.css'), css.css)

  // Every top-level .ts file in src/ is a page entry point (app.ts on every page; others where a page needs them).
  const entries = fs.readdirSync(src).filter((f) => f.endsWith('.ts')).map((f) => path.join(src, f))
  await esbuild.build({
    entryPoints: entries,
    outdir: out,
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    sourcemap: true,
    target: ['es2022'],
    logLevel: 'warning',
    legalComments: 'linked',
  })
  fs.copyFileSync(path.join(src, 'favicon.svg'), path.join(out, 'favicon.svg'))
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now()
  buildAssets().then(
    () => console.log(`Assets built in ${Date.now() - started} ms`),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
