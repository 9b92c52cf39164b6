import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import * as esm from '../index.mjs'

const require = createRequire(import.meta.url)
const cjs = require('../index.js')

test('the ESM entry re-exports every export of the CommonJS loader', () => {
  const missing = Object.keys(cjs).filter((name) => !name.startsWith('__') && !(name in esm))
  assert.deepEqual(missing, [])
})

test('error codes are stable upper-snake strings', () => {
  const codes = esm.errorCodes()
  assert.ok(codes.includes('GATEWAY_FOREIGN'))
  assert.ok(codes.includes('INVALID_SESSION_KEY'))
  for (const code of codes) assert.match(code, /^[A-Z_]+$/)
})

test('the package can be required by name through createRequire', () => {
  const pkg = require('clawscope')
  assert.equal(pkg.version(), esm.version())
})
