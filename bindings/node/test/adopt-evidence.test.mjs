// Issue 7 through the binding: evidence about a real fake gateway (a listener whose command line looks like
// `openclaw … gateway` and whose environment names its state dir), adopt() only on evidence, typed refusals.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { createRequire } from 'node:module'

import { startListener } from '../testlib/fake-gateway.mjs'
import { tempDir, writeFile } from '../testlib/paths.mjs'

const require = createRequire(import.meta.url)
const core = require('clawscope')

async function fakeGateway(t) {
  const root = tempDir(t)
  const served = path.join(root, '.openclaw')
  writeFile(served, 'openclaw.json', '{}')
  const listener = await startListener(t, root, { env: { OPENCLAW_STATE_DIR: served } })
  writeFile(served, 'openclaw.json', JSON.stringify({ gateway: { port: listener.port } }))
  return { root, served, listener }
}

test('gatewayEvidence names the install a running gateway serves', async (t) => {
  const { served, listener } = await fakeGateway(t)
  const evidence = core.gatewayEvidence(listener.port, { env: { home: path.dirname(served), vars: {} } })
  assert.equal(evidence.port, listener.port)
  assert.deepEqual(evidence.listeners.map((l) => l.pid), [listener.pid])
  assert.equal(evidence.listeners[0].isGateway, true)
  assert.equal(evidence.serves?.stateDir, served)
  assert.equal(evidence.serves?.pid, listener.pid)
  assert.equal(evidence.confidence, 'certain')
  const viaPromise = await core.gatewayEvidenceAsync(listener.port)
  assert.equal(viaPromise.serves?.stateDir, served)
})

test('adopt claims the gateway for the install it serves and refuses for another dir', async (t) => {
  const { root, served, listener } = await fakeGateway(t)
  const mine = new core.Gateway({ openclawDir: served, cliPath: '' })
  const explanation = mine.explain()
  assert.equal(explanation.decision.ownership, 'owned')
  assert.equal(explanation.evidence.serves?.stateDir, served)
  const record = mine.adopt()
  assert.equal(record.pid, listener.pid)
  assert.equal(record.openclawDir, served)
  assert.equal(mine.readOwner().record.pid, listener.pid)

  const otherDir = path.join(root, 'other', '.openclaw')
  writeFile(otherDir, 'openclaw.json', JSON.stringify({ gateway: { port: listener.port } }))
  const other = new core.Gateway({ openclawDir: otherDir, cliPath: '' })
  assert.throws(() => other.adopt(), (err) => {
    assert.ok(err instanceof Error)
    assert.equal(err.code, 'GATEWAY_ADOPT_REFUSED')
    assert.ok(err.message.includes(served), err.message)
    assert.equal(err.details.serves.stateDir, served)
    return true
  })
  assert.equal(other.readOwner().status, 'missing', 'a refused adoption writes nothing')
  assert.throws(() => mine.adopt(listener.pid + 100000), { code: 'GATEWAY_ADOPT_REFUSED' })
})

test('adopt with nothing listening is GATEWAY_NOT_RUNNING', (t) => {
  const dir = tempDir(t)
  writeFile(dir, 'openclaw.json', '{"gateway":{"port":1}}')
  assert.throws(() => new core.Gateway({ openclawDir: dir, cliPath: '' }).adopt(), { code: 'GATEWAY_NOT_RUNNING' })
})

test('discoverInstalls finds the installs of an env snapshot', (t) => {
  const home = tempDir(t)
  writeFile(home, '.openclaw/openclaw.json', '{ gateway: { port: 18801 } }')
  writeFile(home, '.openclaw-work/openclaw.json', '{ gateway: { port: 18802 } }')
  const installs = core.discoverInstalls({ env: { home, vars: { OPENCLAW_GATEWAY_PORT: '' } } })
  const byDir = Object.fromEntries(installs.map((i) => [i.stateDir, i]))
  assert.equal(byDir[path.join(home, '.openclaw')]?.port, 18801)
  assert.equal(byDir[path.join(home, '.openclaw')]?.portSource, 'config')
  assert.equal(byDir[path.join(home, '.openclaw-work')]?.profile, 'work')
})
