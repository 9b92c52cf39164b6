// The shared hostile-input table (tests/fixtures/hostile/cases.json) through the Node binding: every case an API of
// the binding can take gives the same outcome as in Rust (a coded Error or a value), and Node never crashes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fixturesDir, tempDir } from '../testlib/paths.mjs'

const require = createRequire(import.meta.url)
const { Gateway, StateDir, parseOwnerRecord, parseSessionKey } = require('../index.js')

const { cases } = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'hostile', 'cases.json'), 'utf8'))
const APIS = new Set(['session_key.parse', 'owner.parse', 'gateway.config', 'state.session_detail'])

function payload (input) {
  if ('text' in input) return Buffer.from(input.text, 'utf8')
  if ('base64' in input) return Buffer.from(input.base64, 'base64')
  return Buffer.from(input.generate.map((p) => p.text.repeat(p.times ?? 1)).join(''), 'utf8')
}

function substitute (value, root, outside) {
  if (typeof value === 'string') return value.replaceAll('$ROOT', root).replaceAll('$OUTSIDE', outside)
  if (Array.isArray(value)) return value.map((v) => substitute(v, root, outside))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, root, outside)]))
  }
  return value
}

function run (c, dir) {
  try {
    switch (c.api) {
      case 'session_key.parse':
        parseSessionKey(payload(c.input).toString('utf8'))
        return { ok: true }
      case 'owner.parse':
        return parseOwnerRecord(payload(c.input)).status === 'corrupt' ? { code: 'OWNER_RECORD_CORRUPT' } : { ok: true }
      case 'gateway.config':
        fs.writeFileSync(path.join(dir, 'openclaw.json'), payload(c.input))
        return { ok: true, port: new Gateway({ openclawDir: dir, cliPath: '' }).port }
      default: {
        const root = path.join(dir, 'state')
        const outside = path.join(dir, 'outside')
        fs.mkdirSync(path.join(root, 'agents', 'main', 'sessions'), { recursive: true })
        fs.mkdirSync(outside)
        fs.writeFileSync(path.join(outside, 'secret.jsonl'), '{"type":"session","version":3,"id":"x"}\n')
        if (c.store != null) {
          fs.writeFileSync(path.join(root, 'agents/main/sessions/sessions.json'), JSON.stringify(substitute(c.store, root, outside)))
        }
        for (const entry of substitute(c.setup ?? [], root, outside)) {
          const p = path.join(root, entry.path)
          fs.mkdirSync(path.dirname(p), { recursive: true })
          if ('symlink' in entry) fs.symlinkSync(entry.symlink, p)
          else if (entry.dir) fs.mkdirSync(p)
          else if (entry.fifo) execFileSync('mkfifo', [p])
        }
        new StateDir(root).sessionDetail(substitute(c.key, root, outside))
        return { ok: true }
      }
    }
  } catch (err) {
    assert.ok(err instanceof Error, `${c.id}: threw a non-Error`)
    assert.equal(typeof err.code, 'string', `${c.id}: ${err.message}`)
    return { code: err.code }
  }
}

const applicable = cases.filter((c) => APIS.has(c.api))

test('the table reaches the binding', () => {
  assert.ok(applicable.length >= 25, `${applicable.length} cases`)
})

for (const c of applicable) {
  test(`hostile: ${c.id}`, (t) => {
    const actual = run(c, tempDir(t))
    const picked = Object.fromEntries(Object.keys(c.expect).map((k) => [k, actual[k]]))
    assert.deepEqual(picked, c.expect, c.note)
  })
}
