// Loads the clawscope package: by name when it is installed (`npm install clawscope`), else from this repository's
// bindings/node (built with `npx napi build --platform` there). Examples only; applications just use the name.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const repoPackage = fileURLToPath(new URL('../../bindings/node/', import.meta.url))

/** `require('clawscope' + subpath)`, falling back to the repository checkout. */
export function loadClawscope(subpath = '') {
  try {
    return require(`clawscope${subpath}`)
  } catch (err) {
    if (err.code !== 'MODULE_NOT_FOUND') throw err
    return require(repoPackage + (subpath ? `${subpath.slice(1)}.cjs` : 'index.js'))
  }
}
