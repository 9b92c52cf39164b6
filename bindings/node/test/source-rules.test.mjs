// Rules of the binding's Rust sources that the compiler cannot enforce: every exported function, method, getter
// and constructor carries `catch_unwind` (a panic must become an Error, never abort Node), and every one runs
// through `guard`/`CoreTask` so a panic becomes INTERNAL rather than napi's GenericFailure.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'

import { packageDir } from '../testlib/paths.mjs'

const srcDir = path.join(packageDir, 'src')
const sources = fs.readdirSync(srcDir).filter((f) => f.endsWith('.rs')).map((f) => [f, fs.readFileSync(path.join(srcDir, f), 'utf8')])

/** `[file, attribute text, item name, body]` of every `#[napi…]` function. */
function exportedFunctions() {
  const found = []
  for (const [file, text] of sources) {
    const re = /#\[napi(?:\(([\s\S]*?)\))?\]\s*(?:#\[allow\([^\]]*\)\][^\n]*\n\s*)*pub fn (\w+)[\s\S]*?\{([\s\S]*?)\n {0,4}\}\n/g
    for (const m of text.matchAll(re)) found.push([file, m[1] ?? '', m[2], m[3]])
  }
  return found
}

test('every export has catch_unwind', () => {
  const fns = exportedFunctions()
  assert.ok(fns.length >= 40, `found ${fns.length} exports`)
  const missing = fns.filter(([, attrs]) => !attrs.includes('catch_unwind')).map(([f, , name]) => `${f}: ${name}`)
  assert.deepEqual(missing, [])
})

test('every fallible export goes through guard or an async task', () => {
  const unguarded = exportedFunctions()
    .filter(([, attrs, , body]) => !attrs.includes('getter') && !/guard\(|AsyncTask|task\(|CoreTask/.test(body))
    .map(([f, , name]) => `${f}: ${name}`)
  // version(), errorCodes() and the fast path's table of names cannot fail.
  assert.deepEqual(unguarded.sort(), ['fast.rs: decision_names', 'lib.rs: error_codes', 'lib.rs: version'])
})
