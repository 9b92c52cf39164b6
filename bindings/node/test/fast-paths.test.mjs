// decideOwnership and parseSessionKey are JS wrappers (index.js) over positional native fast paths that return
// JSON text and scalars: the objects must be exactly the serde JSON the native functions build (keys, order,
// values), and inputs of another shape must still fail the way napi's serde conversion makes them fail.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

import { fixturesDir } from '../testlib/paths.mjs'

const require = createRequire(import.meta.url)
const { decideOwnership, parseSessionKey } = require('clawscope')
// The generated loader: the native functions the wrappers stand in for.
const native = require('../native.js')

const signature = { port: 18789, openclawDir: '/home/li/.openclaw', cliPath: null }
const owner = JSON.stringify({ port: 18789, openclawDir: '/home/li/.openclaw/', pid: 7, startedBy: 'clawpanel' })
const input = (ownerText) => ({ ownerText, signature, runtime: { running: true, pid: 42 }, home: '/home/li' })

test('decisions are the serde JSON, key order included', () => {
  const cases = [
    [null, '{"ownership":"owned","action":"claim","reason":{"kind":"no_record"},"pid":42}'],
    [owner, '{"ownership":"owned","action":"refresh_pid","reason":{"kind":"signature_match","recordedPid":7},"pid":42}'],
    ['{"port":', '{"ownership":"owned","action":"claim","reason":{"kind":"corrupt","corruptKind":"invalid_json",' +
      '"detail":"not JSON: EOF while parsing a value at line 1 column 8"},"pid":42}'],
    [JSON.stringify({ openclawDir: '/x' }),
      '{"ownership":"foreign","action":"none","reason":{"kind":"port_mismatch","recorded":null,"current":18789},"pid":42}'],
  ]
  for (const [ownerText, json] of cases) assert.equal(JSON.stringify(decideOwnership(input(ownerText))), json)
  const stopped = decideOwnership({ ...input(owner), runtime: { running: false } })
  assert.equal(JSON.stringify(stopped), '{"ownership":"stopped","action":"none","reason":{"kind":"not_running"},"pid":null}')
})

test('session keys are the serde JSON, key order included', () => {
  assert.equal(JSON.stringify(parseSessionKey('agent:main:telegram:group:-100123:topic:42')),
    '{"key":"agent:main:telegram:group:-100123:topic:42","kind":"topic","agentId":"main",' +
    '"rest":"telegram:group:-100123:topic:42","channel":"telegram","peerKind":"group","peerId":"-100123",' +
    '"topicId":"42","parent":"agent:main:telegram:group:-100123","legacy":false}')
})

test('null, undefined and absent optional fields are the same', () => {
  const full = {
    ownerText: owner,
    signature: { ...signature, cliPath: '/usr/bin/openclaw' },
    runtime: { running: true, pid: 42, commandLine: 'openclaw-gateway', isGateway: true },
    home: '/home/li',
    cwd: '/home/li',
    pathStyle: 'unix',
  }
  const expected = decideOwnership(full)
  for (const missing of [null, undefined]) {
    const sparse = { ...full, cwd: missing, pathStyle: missing,
      runtime: { ...full.runtime, commandLine: missing, isGateway: missing } }
    assert.deepEqual(decideOwnership(sparse), expected)
  }
  const { cwd, pathStyle, ...absent } = full
  assert.deepEqual(decideOwnership(absent), expected)
  // Unknown properties are ignored, as before.
  assert.deepEqual(decideOwnership({ ...full, extra: { nested: [1n] }, signature: { ...full.signature, x: Symbol('y') } }),
    expected)
})

test('inputs of another shape fail with INVALID_ARGUMENT and serde\'s reason', () => {
  const bad = [
    { ...input(owner), runtime: { running: 'yes' } },
    { ...input(owner), runtime: { pid: 7 } },
    { ...input(owner), signature: { ...signature, openclawDir: 5 } },
    { ...input(owner), signature: { ...signature, cliPath: true } },
    { ...input(owner), home: new String('/home/li') },
    { ...input(owner), ownerText: 42 },
    { ...input(owner), pathStyle: 'dos' },
    { ...input(owner), runtime: undefined },
  ]
  for (const value of bad) {
    assert.throws(() => decideOwnership(value), (err) => {
      assert.equal(err.code, 'INVALID_ARGUMENT', err.message)
      assert.match(err.message, /invalid type|unknown variant|missing field/)
      return true
    })
  }
})

test('the wrappers give the native functions\' documents for every reason and runtime', () => {
  const owners = [
    null,
    owner,
    '{"port":',
    '[1,2]',
    '',
    JSON.stringify({ openclawDir: '/x' }),
    JSON.stringify({ port: 18789, openclaw_dir: '/home/li/.openclaw', started_by: 'clawpanel', pid: 42 }),
    JSON.stringify({ port: 18789, openclawDir: '/elsewhere', pid: 9, startedBy: 'clawpanel' }),
    JSON.stringify({ port: 18790, openclawDir: '/home/li/.openclaw', startedBy: 'clawpanel' }),
    JSON.stringify({ port: '18789', openclawDir: '~/.openclaw', startedBy: 'someone' }),
    JSON.stringify({ port: 18789, openclawDir: '/home/li/.openclaw', startedBy: 'clawpanel', cliPath: '/opt/oc' }),
    JSON.stringify({ port: 18789, openclawDir: '/home/li/.openclaw', startedBy: 'clawpanel', extra: { a: [1] } }),
  ]
  const runtimes = [{ running: false }, { running: true }, { running: true, pid: 42, commandLine: 'openclaw-gateway' },
    { running: true, pid: 7, isGateway: false }]
  const signatures = [signature, { ...signature, cliPath: '/usr/bin/openclaw' }, { port: 1, openclawDir: 'C:\\oc' }]
  const reasons = new Set()
  for (const ownerText of owners) {
    for (const runtime of runtimes) {
      for (const sig of signatures) {
        for (const extra of [{}, { home: '/home/li', cwd: '/srv' }, { pathStyle: 'windows' }]) {
          const value = { ownerText, signature: sig, runtime, ...extra }
          const fast = decideOwnership(value)
          assert.equal(JSON.stringify(fast), JSON.stringify(native.decideOwnership(value)), JSON.stringify(value))
          reasons.add(fast.reason.kind)
        }
      }
    }
  }
  assert.deepEqual([...reasons].sort(), ['cli_mismatch', 'corrupt', 'dir_mismatch', 'no_record', 'not_running',
    'not_written_by_clawpanel', 'port_mismatch', 'signature_match'])
})

test('the fast path declines what it does not take, and the wrapper then throws the native error', () => {
  const args = (over) => Object.values({ ownerText: owner, port: 18789, openclawDir: '/d', cliPath: null, running: true,
    pid: 42, commandLine: null, isGateway: null, home: null, cwd: null, pathStyle: null, ...over })
  // The slot indexes name these values (the order of the native tables).
  assert.deepEqual(native.__decisionNames(), [['stopped', 'owned', 'foreign'], ['none', 'refresh_pid', 'claim']])
  const slots = new Float64Array(3)
  assert.equal(typeof native.__decideOwnership(slots, ...args({})), 'string')
  assert.deepEqual([...slots], [2, 0, 42], 'foreign (the owner file names another dir), no action, the live pid')
  for (const over of [{ port: 0 }, { port: 1.5 }, { port: '18789' }, { pid: -1 }, { pid: 2 ** 32 }, { openclawDir: null },
    { running: 1 }, { cliPath: 5 }, { pathStyle: 'dos' }, { home: new String('/h') }, { isGateway: 'no' }]) {
    assert.equal(native.__decideOwnership(slots, ...args(over)), null, JSON.stringify(over))
  }
  // Too few slots: declined, not written out of bounds.
  assert.equal(native.__decideOwnership(new Float64Array(2), ...args({})), null)
  for (const [value, code] of [[{ ...input(owner), signature: { ...signature, port: 0 } }, 'INVALID_PORT'],
    [{ ...input(owner), runtime: { running: true, pid: 1.5 } }, 'INVALID_PID'], [42, 'INVALID_ARGUMENT'],
    [null, 'INVALID_ARGUMENT'], [{ ...input(owner), signature: [] }, 'INVALID_ARGUMENT']]) {
    const codeOf = (fn) => { try { fn(); return 'no error' } catch (err) { return `${err.code}: ${err.message}` } }
    const viaWrapper = codeOf(() => decideOwnership(value))
    assert.equal(viaWrapper, codeOf(() => native.decideOwnership(value)))
    assert.ok(viaWrapper.startsWith(code), viaWrapper)
  }
})

test('session keys: the wrapper gives the native documents and errors for every shared case', () => {
  const cases = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'session_keys', 'cases.json'), 'utf8'))
  assert.ok(cases.length > 10)
  const outcome = (fn, key) => { try { return JSON.stringify(fn(key)) } catch (err) { return `${err.code}: ${err.message}` } }
  for (const { input: key } of cases) {
    assert.equal(outcome(parseSessionKey, key), outcome(native.parseSessionKey, key), key)
  }
  for (const key of [42, null, undefined, {}, 'agent:', '   ', 'agent:main:x\u0000y']) {
    const fast = outcome(parseSessionKey, key)
    assert.equal(fast, outcome(native.parseSessionKey, key))
    assert.match(fast, /^INVALID_(ARGUMENT|SESSION_KEY): /)
  }
})

test('a throwing getter propagates the same way through the wrapper and the native function', () => {
  const hostile = [
    new Proxy({}, { get () { throw new Error('boom') } }),
    { signature: { port: 18789, openclawDir: '/d', get cliPath () { throw new Error('cli getter') } }, runtime: { running: true } },
    { signature, get runtime () { throw new RangeError('runtime getter') } },
  ]
  for (const value of hostile) {
    const thrown = (fn) => { try { fn(value); return null } catch (err) { return `${err.constructor.name}: ${err.message}` } }
    const viaWrapper = thrown(decideOwnership)
    assert.ok(viaWrapper !== null)
    assert.equal(viaWrapper, thrown(native.decideOwnership))
  }
})
