// Names and types of the public API, ESM and CommonJS.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import * as esm from '../index.mjs'

const require = createRequire(import.meta.url)
const cjs = require('../index.js')

test('the ESM entry re-exports every export of the CommonJS loader', () => {
  const missing = Object.keys(cjs).filter((name) => !name.startsWith('__') && !(name in esm))
  assert.deepEqual(missing, [])
  for (const name of Object.keys(esm)) {
    if (name !== 'default') assert.equal(esm[name], cjs[name], name)
  }
  assert.equal(esm.default, cjs)
})

test('the public API has the documented names and kinds', () => {
  const functions = ['version', 'errorCodes', 'decideOwnership', 'parseOwnerRecord', 'probePort', 'probePortAsync',
    'parseListeners', 'listeningPids', 'discoverInstalls', 'gatewayEvidence', 'gatewayEvidenceAsync',
    'foreignGatewayMessage', 'foreignGatewayError', 'parseSessionKey']
  for (const name of functions) assert.equal(typeof cjs[name], 'function', name)
  assert.equal(typeof cjs.Gateway, 'function')
  const methods = ['signature', 'check', 'status', 'statusAsync', 'statusJson', 'ensureOwned', 'claim', 'writeOwner',
    'readOwner', 'clearOwner', 'decide', 'decideRecord', 'evidence', 'explain', 'adopt']
  for (const name of methods) assert.equal(typeof cjs.Gateway.prototype[name], 'function', `Gateway#${name}`)
  const getters = ['port', 'portSource', 'openclawDir', 'configPath', 'cliPath', 'ownerPath']
  for (const name of getters) {
    const descriptor = Object.getOwnPropertyDescriptor(cjs.Gateway.prototype, name)
    assert.equal(typeof descriptor?.get, 'function', `Gateway#${name} getter`)
  }
  assert.equal(typeof cjs.StateDir, 'function')
  for (const name of ['agents', 'listSessions', 'listSessionsJson', 'listSessionsAsync', 'sessionDetail',
    'sessionDetailJson', 'sessionDetailText', 'sessionDetailHtml', 'sessionDetailAsync', 'events', 'eventsJson', 'eventsAsync',
    'usage', 'usageJson', 'usageAsync']) {
    assert.equal(typeof cjs.StateDir.prototype[name], 'function', `StateDir#${name}`)
  }
  for (const name of ['path', 'configPath']) {
    assert.equal(typeof Object.getOwnPropertyDescriptor(cjs.StateDir.prototype, name)?.get, 'function', name)
  }
  const dts = fs.readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
  assert.equal(dts.includes('__testPanic'), false, 'the test hook is not part of the typed API')
  assert.equal('__testPanic' in esm, false, 'nor of the ESM entry')
})

test('error codes are stable upper-snake strings', () => {
  const codes = esm.errorCodes()
  for (const code of ['GATEWAY_FOREIGN', 'GATEWAY_NOT_RUNNING', 'GATEWAY_ADOPT_REFUSED', 'INVALID_PORT', 'INVALID_PID',
    'INVALID_SESSION_KEY', 'SESSION_NOT_FOUND', 'INVALID_PATH', 'OWNER_RECORD_CORRUPT', 'INTERNAL']) {
    assert.ok(codes.includes(code), code)
  }
  for (const code of codes) assert.match(code, /^[A-Z_]+$/)
  assert.equal(new Set(codes).size, codes.length)
})

test('the package can be required by name through createRequire', () => {
  const pkg = require('clawscope')
  assert.equal(pkg.version(), esm.version())
  assert.match(pkg.version(), /^\d+\.\d+\.\d+/)
  assert.equal(pkg.version(), require('../package.json').version)
})

test('the clawpanel subpath loads through import and require', async () => {
  const viaImport = await import('clawscope/clawpanel')
  const viaRequire = require('clawscope/clawpanel')
  assert.equal(typeof viaImport.createClawPanelAdapter, 'function')
  assert.equal(viaImport.createClawPanelAdapter, viaRequire.createClawPanelAdapter)
})
