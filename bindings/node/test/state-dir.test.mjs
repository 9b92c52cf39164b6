// StateDir through the binding: the seed golden page (text equals expected-page.txt, JSON equals the Rust
// expected-detail.json), Promise variants, listing, events, usage, and the coded errors.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

import { fixturesDir } from '../testlib/paths.mjs'

const require = createRequire(import.meta.url)
const { StateDir } = require('clawscope')

const seedDir = path.join(fixturesDir, 'state', 'seed')
const SEED_KEY = 'agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e'
const NOW = '2026-04-19T13:28:38.791Z'

function treeHash(dir) {
  const hash = crypto.createHash('sha256')
  const walk = (d) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name)
      const st = fs.lstatSync(p)
      hash.update(path.relative(dir, p))
      if (st.isDirectory()) walk(p)
      else hash.update(fs.readFileSync(p))
    }
  }
  walk(dir)
  return hash.digest('hex')
}

test('the seed golden page: text and JSON equal the Rust expectations', async () => {
  const before = treeHash(seedDir)
  const state = new StateDir(seedDir)
  assert.equal(state.path, seedDir)
  const options = { historyLimit: 50, now: NOW }
  const expectedText = fs.readFileSync(path.join(seedDir, 'expected-page.txt'), 'utf8')
  assert.equal(state.sessionDetailText(SEED_KEY, options), expectedText)
  const expectedJson = JSON.parse(fs.readFileSync(path.join(seedDir, 'expected-detail.json'), 'utf8'))
  // Byte-identical to the canonical serde JSON of the Rust document (same keys, same order, same numbers).
  assert.equal(state.sessionDetailJson(SEED_KEY, options), JSON.stringify(expectedJson))
  assert.deepEqual(state.sessionDetail(SEED_KEY, options), expectedJson)
  assert.deepEqual(state.sessionDetail(SEED_KEY, { now: new Date(NOW) }), expectedJson, 'a Date works as now')
  assert.deepEqual(await state.sessionDetailAsync(SEED_KEY, options), expectedJson)
  const html = state.sessionDetailHtml(SEED_KEY, options)
  assert.match(html, /^<!DOCTYPE html>/i)
  assert.ok(html.includes('opc-ops-agent'))
  assert.equal(treeHash(seedDir), before, 'reading never writes into the state dir')
})

test('the seed page shows the real tool names and the failed exec', () => {
  const detail = new StateDir(seedDir).sessionDetail(SEED_KEY, { now: NOW })
  assert.equal(detail.historyCount, 50)
  const tools = detail.history.filter((row) => row.kind === 'tool_event')
  assert.ok(tools.length > 0)
  assert.ok(tools.every((row) => row.toolName !== 'tool'))
  assert.ok(tools.some((row) => row.toolStatus === 'error'))
})

test('listSessions, events and usage return documents and agree with their JSON variants', async () => {
  const state = new StateDir(seedDir)
  const items = state.listSessions({ now: NOW })
  assert.ok(items.some((item) => item.sessionKey === SEED_KEY))
  assert.deepEqual(JSON.parse(state.listSessionsJson({ now: NOW })), items)
  assert.deepEqual(await state.listSessionsAsync({ now: NOW }), items)
  assert.deepEqual(state.listSessions({ agentId: 'nobody', now: NOW }), [])
  const events = state.events(SEED_KEY, { limit: 5 })
  assert.equal(events.length, 5)
  assert.deepEqual(JSON.parse(state.eventsJson(SEED_KEY, { limit: 5 })), events)
  assert.deepEqual(await state.eventsAsync(SEED_KEY, { limit: 5 }), events)
  const tools = state.events(SEED_KEY, { limit: 50, kinds: ['tool_event'] })
  assert.ok(tools.length > 0 && tools.every((row) => row.kind === 'tool_event'))
  const usage = state.usage()
  assert.deepEqual(JSON.parse(state.usageJson()), usage)
  assert.deepEqual(await state.usageAsync(), usage)
})

test('bad arguments and unknown sessions give coded errors', async () => {
  const state = new StateDir(seedDir)
  const code = (c) => (err) => err instanceof Error && err.code === c
  assert.throws(() => state.sessionDetail('agent:opc-ops-agent:main', { now: NOW }), code('SESSION_NOT_FOUND'))
  assert.throws(() => state.sessionDetail('', {}), code('INVALID_SESSION_KEY'))
  for (const bad of [0, 201, 1.5, NaN, -1, '50']) {
    assert.throws(() => state.sessionDetail(SEED_KEY, { historyLimit: bad }), code('INVALID_ARGUMENT'), String(bad))
  }
  assert.throws(() => state.sessionDetail(SEED_KEY, { now: 'yesterday' }), code('INVALID_ARGUMENT'))
  assert.throws(() => state.sessionDetail(SEED_KEY, { now: new Date('nope') }), code('INVALID_ARGUMENT'))
  assert.throws(() => state.listSessions({ state: 'sleepy' }), code('INVALID_ARGUMENT'))
  assert.throws(() => state.events(SEED_KEY, { kinds: ['chat'] }), code('INVALID_ARGUMENT'))
  assert.throws(() => state.sessionDetail(42), code('INVALID_ARGUMENT'))
  await assert.rejects(state.sessionDetailAsync(SEED_KEY, { historyLimit: 0 }), code('INVALID_ARGUMENT'))
  await assert.rejects(state.sessionDetailAsync('agent:x:main'), code('SESSION_NOT_FOUND'))
  assert.throws(() => new StateDir(path.join(seedDir, 'does-not-exist')), (err) => err instanceof Error && typeof err.code === 'string')
})

test('without a path the state dir is discovered from the env snapshot', () => {
  const state = new StateDir(null, { env: { home: '/nonexistent-home', vars: { OPENCLAW_STATE_DIR: seedDir } } })
  assert.equal(state.path, seedDir)
  assert.equal(state.configPath, path.join(seedDir, 'openclaw.json'))
})

test('the sub-agent fixture: parent and child details are byte-identical to the Rust expectations', () => {
  const dir = path.join(fixturesDir, 'state', 'subagent')
  const state = new StateDir(dir)
  const cases = {
    'agent:main:main': 'expected-parent.json',
    'agent:main:subagent:8e41c0d2-7b9a-4c1e-9f3d-2a6b5c4d3e21': 'expected-child.json',
  }
  for (const [key, file] of Object.entries(cases)) {
    const expected = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    assert.equal(state.sessionDetailJson(key, { historyLimit: 50, now: NOW }), JSON.stringify(expected), key)
  }
  const parent = state.sessionDetail('agent:main:main', { now: NOW })
  assert.equal(parent.executionChain.source, 'run_registry')
  const chatOnly = state.sessionDetail('agent:main:feishu:direct:ou_7c1e90aa', { now: NOW })
  assert.equal(chatOnly.executionChain, undefined, 'chat text mentioning "accepted" is never evidence')
  const missing = state.sessionDetail('agent:main:explicit:missing-transcript', { now: NOW })
  assert.equal(typeof missing.historyError, 'string', 'a read error is shown, not swallowed')
})

test('the 2026.9 fixture: both details are byte-identical to the Rust expectations', () => {
  const dir = path.join(fixturesDir, 'state', 'v2026-9')
  const state = new StateDir(dir)
  const now = '2026-11-26T12:00:00.000Z'
  const cases = {
    'agent:main:main': 'expected-main.json',
    'agent:main:telegram:group:-1001234567890': 'expected-group.json',
  }
  for (const [key, file] of Object.entries(cases)) {
    const expected = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    assert.equal(state.sessionDetailJson(key, { historyLimit: 50, now }), JSON.stringify(expected), key)
  }
})

test('transcriptEvents: the typed stream, its JSON twin, kind filters and coded errors', () => {
  const state = new StateDir(path.join(fixturesDir, 'state', 'v2026-9'))
  const calls = state.transcriptEvents('agent:main:main', { kinds: ['tool_call'] })
  assert.equal(calls.sessionKey, 'agent:main:main')
  assert.equal(calls.events[0].kind, 'tool_call')
  assert.equal(calls.events[0].tool.name, 'exec')
  assert.deepEqual(calls.events[0].tool.arguments, { command: 'ls /nope' })
  assert.equal(state.transcriptEvents('agent:main:main', { kinds: ['tool_result'], limit: 1 }).events.length, 1)
  assert.deepEqual(JSON.parse(state.transcriptEventsJson('agent:main:main')), state.transcriptEvents('agent:main:main'))
  assert.throws(() => state.transcriptEvents('agent:main:main', { kinds: ['nope'] }), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => state.transcriptEvents('agent:main:absent'), { code: 'SESSION_NOT_FOUND' })
})

test('sessionWindows: golden round trip of the SQLite-era fixture, empty for file-era stores, coded errors', () => {
  const root = path.join(fixturesDir, 'state', 'sqlite-windows')
  const expected = JSON.parse(fs.readFileSync(path.join(root, 'expected-windows.json'), 'utf8'))
  const windows = new StateDir(root).sessionWindows('agent:main:main')
  assert.deepEqual(JSON.parse(JSON.stringify(windows).replaceAll(root, '{{dir}}')), expected)
  assert.deepEqual(windows.map((w) => w.current), [false, true])
  assert.equal('previousSessionId' in windows[0], false)

  const fileEra = new StateDir(path.join(fixturesDir, 'state', 'file-era'))
  assert.deepEqual(fileEra.sessionWindows('agent:main:main'), [])
  assert.throws(() => fileEra.sessionWindows('agent:main:no-such-session'), { code: 'SESSION_NOT_FOUND' })
  assert.throws(() => fileEra.sessionWindows(), { code: 'INVALID_ARGUMENT' })
})
