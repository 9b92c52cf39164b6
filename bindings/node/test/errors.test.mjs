// Errors: every clawscope error is an Error with .code (one of errorCodes()) and .details; bad JS numbers are
// validated explicitly; null/undefined mean "absent"; a panic becomes INTERNAL and never aborts Node.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

import { packageDir, tempDir, writeFile } from '../testlib/paths.mjs'

const require = createRequire(import.meta.url)
const core = require('clawscope')
const codes = new Set(core.errorCodes())

/** Asserts `fn` throws a clawscope Error with `code`; returns it. */
function throwsCode(fn, code) {
  let caught
  assert.throws(fn, (err) => {
    caught = err
    return true
  })
  assert.ok(caught instanceof Error, 'an Error instance')
  assert.equal(caught.code, code, caught.message)
  assert.ok(codes.has(caught.code))
  assert.ok('details' in caught, 'details is present (possibly undefined)')
  return caught
}

const BAD_NUMBERS = [1.9, -1, 0, NaN, Infinity, -Infinity, 70000, '18789', true, {}, 10n]

test('ports are validated explicitly: INVALID_PORT', () => {
  for (const bad of BAD_NUMBERS) {
    const err = throwsCode(() => core.probePort(bad), 'INVALID_PORT')
    assert.equal(err.details, undefined)
  }
  throwsCode(() => core.probePort(), 'INVALID_PORT')
  throwsCode(() => core.foreignGatewayMessage(65536), 'INVALID_PORT')
  throwsCode(() => new core.Gateway({ openclawDir: '/nonexistent-clawscope', port: 1.5 }), 'INVALID_PORT')
  throwsCode(() => core.listeningPids('netstat', '', NaN), 'INVALID_PORT')
  throwsCode(() => core.decideOwnership({ signature: { port: Infinity, openclawDir: '/x' }, runtime: { running: true } }),
    'INVALID_PORT')
})

test('pids are validated explicitly: INVALID_PID', (t) => {
  const dir = tempDir(t)
  const gw = new core.Gateway({ openclawDir: dir, cliPath: '', runtime: { running: true, pid: 7 } })
  for (const bad of [1.9, -1, 0, NaN, Infinity, 2 ** 32, '42']) {
    throwsCode(() => gw.ensureOwned(bad), 'INVALID_PID')
    throwsCode(() => gw.claim(bad), 'INVALID_PID')
    throwsCode(() => core.foreignGatewayMessage(18789, bad), 'INVALID_PID')
  }
  throwsCode(() => new core.Gateway({ openclawDir: dir, runtime: { running: true, pid: -5 } }), 'INVALID_PID')
  assert.equal(fs.existsSync(path.join(dir, 'gateway-owner.json')), false, 'nothing written by a rejected call')
})

test('null and undefined mean "absent" everywhere', (t) => {
  const dir = tempDir(t)
  writeFile(dir, 'openclaw.json', '{"gateway":{"port":18800}}')
  const gw = new core.Gateway({ openclawDir: dir, port: null, cliPath: null, configPath: undefined, env: null,
    runtime: { running: true, pid: null } })
  assert.equal(gw.port, 18800)
  assert.equal(gw.cliPath === null || typeof gw.cliPath === 'string', true)
  assert.equal(core.foreignGatewayMessage(18789, null), core.foreignGatewayMessage(18789))
  assert.equal(core.foreignGatewayMessage(18789, undefined).includes('PID'), false)
  const decision = gw.ensureOwned(null)
  assert.equal(decision.pid, null)
  assert.deepEqual(gw.decideRecord(undefined), gw.decideRecord(null))
  assert.equal(gw.decideRecord(null).reason.kind, 'no_record')
  assert.deepEqual(core.listeningPids('ss', '', null), [])
  assert.equal(new core.Gateway(null) instanceof core.Gateway, true)
})

test('wrong argument types give INVALID_ARGUMENT', () => {
  throwsCode(() => new core.Gateway(42), 'INVALID_ARGUMENT')
  throwsCode(() => new core.Gateway({ openclawDir: 5 }), 'INVALID_ARGUMENT')
  throwsCode(() => new core.Gateway({ openclawDir: '  ' }), 'INVALID_PATH')
  throwsCode(() => new core.Gateway({ openclawDir: '/x', runtime: { running: 'yes' } }), 'INVALID_ARGUMENT')
  throwsCode(() => core.decideOwnership(null), 'INVALID_ARGUMENT')
  throwsCode(() => core.decideOwnership({ signature: { port: 1 } }), 'INVALID_ARGUMENT')
  throwsCode(() => core.parseListeners('tasklist', ''), 'INVALID_ARGUMENT')
  throwsCode(() => core.parseSessionKey(5), 'INVALID_ARGUMENT')
})

test('the foreign error carries ClawPanel text, code and structured details', (t) => {
  const dir = tempDir(t)
  writeFile(dir, 'gateway-owner.json', JSON.stringify({ port: 18789, openclawDir: '/somewhere/else', startedBy: 'clawpanel' }))
  const gw = new core.Gateway({ openclawDir: dir, port: 18789, cliPath: '', runtime: { running: true, pid: 5151 } })
  const err = throwsCode(() => gw.ensureOwned(), 'GATEWAY_FOREIGN')
  assert.equal(err.message, core.foreignGatewayMessage(18789, 5151))
  assert.equal(err.details.decision.ownership, 'foreign')
  assert.deepEqual(err.details.decision.reason, { kind: 'dir_mismatch', recorded: '/somewhere/else', current: dir })
  assert.equal(typeof err.details.evidence, 'object')

  const made = core.foreignGatewayError(18789, 5151)
  assert.ok(made instanceof Error)
  assert.equal(made.code, 'GATEWAY_FOREIGN')
  assert.equal(made.message, err.message)
  assert.equal(made.details, undefined)
})

test('GATEWAY_NOT_RUNNING, INVALID_SESSION_KEY and OWNER_RECORD_CORRUPT carry their texts', (t) => {
  const dir = tempDir(t)
  const stopped = new core.Gateway({ openclawDir: dir, cliPath: '', runtime: { running: false } })
  const err = throwsCode(() => stopped.claim(), 'GATEWAY_NOT_RUNNING')
  assert.equal(err.message, 'Gateway 未运行，无需认领')
  const keyErr = throwsCode(() => core.parseSessionKey('agent:main'), 'INVALID_SESSION_KEY')
  assert.match(keyErr.message, /agent:main/)
  // A corrupt owner file is an outcome, not an exception, when parsed.
  assert.equal(core.parseOwnerRecord('{"port":').status, 'corrupt')
  const bytes = new TextEncoder().encode('\uFEFF{"port":"18789","openclaw_dir":"/x","started_by":"clawpanel"}')
  const parsed = core.parseOwnerRecord(bytes)
  assert.equal(parsed.status, 'valid')
  assert.deepEqual([parsed.record.port, parsed.record.openclawDir, parsed.record.dialect], [18789, '/x', 'tauri'])
  assert.deepEqual(core.parseOwnerRecord(Buffer.from(bytes)), parsed)
})

test('Promise variants reject with the same coded errors', async (t) => {
  await assert.rejects(core.probePortAsync(1.5), (err) => err instanceof Error && err.code === 'INVALID_PORT')
  await assert.rejects(core.probePortAsync(), (err) => err.code === 'INVALID_PORT')
  await assert.rejects(core.gatewayEvidenceAsync(NaN), (err) => err.code === 'INVALID_PORT')
  const probe = await core.probePortAsync(1)
  assert.deepEqual(probe, core.probePort(1))
  const dir = tempDir(t)
  const gw = new core.Gateway({ openclawDir: dir, cliPath: '', runtime: { running: false } })
  assert.deepEqual(await gw.statusAsync(), gw.status())
})

test('a panic inside the binding becomes an INTERNAL Error and Node keeps running', () => {
  const nodeFile = fs.readdirSync(packageDir).find((f) => f.endsWith('.node'))
  assert.ok(nodeFile, 'the built addon')
  const native = require(path.join(packageDir, nodeFile))
  for (let i = 0; i < 3; i++) {
    const err = throwsCode(() => native.__testPanic(), 'INTERNAL')
    assert.match(err.message, /deliberate test panic/)
  }
  assert.equal(core.version(), require('../package.json').version, 'the addon still works after a panic')
})
