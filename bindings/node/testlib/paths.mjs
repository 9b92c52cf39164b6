// Shared test helpers: where the repository's shared fixtures are, and temp dirs that are always removed.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** bindings/node */
export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** The repository root. */
export const repoRoot = path.resolve(packageDir, '..', '..')
/** tests/fixtures of the repository (shared by Rust, Python and Node; never copied). */
export const fixturesDir = path.join(repoRoot, 'tests', 'fixtures')

/** A fresh temp dir (real path, so symlinked /tmp setups compare equal), removed by `t.after`. */
export function tempDir(t, prefix = 'clawscope-node-') {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Writes `text` (string or bytes) to `dir/rel`, creating parents. */
export function writeFile(dir, rel, text) {
  const file = path.join(dir, rel)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  return file
}
