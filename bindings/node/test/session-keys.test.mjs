// parseSessionKey against the shared fixture tests/fixtures/session_keys/cases.json (same JSON as Rust).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

import { fixturesDir } from '../testlib/paths.mjs'

const require = createRequire(import.meta.url)
const { parseSessionKey } = require('clawscope')
const cases = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'session_keys', 'cases.json'), 'utf8'))

test('every session-key case parses (or fails) as in Rust, and parsed keys round-trip', () => {
  assert.ok(cases.length >= 20)
  for (const c of cases) {
    if (c.error) {
      assert.throws(() => parseSessionKey(c.input), (err) => err instanceof Error && err.code === c.error,
        JSON.stringify(c.input))
    } else {
      const parsed = parseSessionKey(c.input)
      assert.deepEqual(parsed, c.expected, c.input)
      assert.deepEqual(parseSessionKey(parsed.key), parsed, `round trip of ${c.input}`)
    }
  }
})

test('a hostile key is refused without flooding the message', () => {
  assert.throws(() => parseSessionKey('agent:main:' + 'x'.repeat(100_000)), (err) => {
    assert.equal(err.code, 'INVALID_SESSION_KEY')
    assert.ok(err.message.length < 400, `message of ${err.message.length} chars`)
    return true
  })
  assert.throws(() => parseSessionKey('agent:main:main\u0000'), { code: 'INVALID_SESSION_KEY' })
})
