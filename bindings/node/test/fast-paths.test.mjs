// decideOwnership reads a plain input field by field and parseSessionKey/decideOwnership build their result
// straight from the Rust value: the objects must be exactly the serde JSON (keys, order, values), and inputs of
// another shape must still fail the way napi's serde conversion makes them fail.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { decideOwnership, parseSessionKey } = require('clawscope')

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
