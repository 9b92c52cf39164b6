// Issue 3 "done when": from an ESM .mjs using createRequire(import.meta.url), create an openclaw dir with a config
// and an owner file of either dialect, and get the right status() / ensureOwned() outcome.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

import { tempDir, writeFile } from '../testlib/paths.mjs'

const require = createRequire(import.meta.url)
const { Gateway } = require('clawscope')

const DIALECTS = {
  web: (dir, pid) => ({ port: 18790, cliPath: null, openclawDir: dir, pid, startedAt: '2026-07-23T11:18:47.123Z', startedBy: 'clawpanel' }),
  tauri: (dir, pid) => ({ pid, port: 18790, cli_path: null, openclaw_dir: dir, started_at: '2026-05-24T04:08:42.550640625+08:00', started_by: 'clawpanel' }),
}

for (const [dialect, record] of Object.entries(DIALECTS)) {
  test(`a ${dialect} owner file for this dir is owned; the pid is refreshed on drift`, (t) => {
    const dir = tempDir(t)
    writeFile(dir, 'openclaw.json', '// JSON5 like OpenClaw writes\n{ gateway: { port: 18790, auth: { token: "s3cret" } } }')
    writeFile(dir, 'gateway-owner.json', JSON.stringify(record(dir, 4242), null, 2))
    const gw = new Gateway({ openclawDir: dir, cliPath: '', runtime: { running: true, pid: 4242 } })
    assert.equal(gw.port, 18790)
    assert.equal(gw.portSource, 'config')
    assert.equal(gw.readOwner().record.dialect, dialect)
    const status = gw.status()
    assert.equal(status.ownership, 'owned')
    assert.equal(status.owned_by_current_instance, true)
    assert.equal(status.decision.action, 'none')
    assert.equal(JSON.stringify(status).includes('s3cret'), false, 'the token never appears')
    assert.equal(gw.ensureOwned().action, 'none')
    assert.equal(gw.ensureOwned(4343).action, 'refresh_pid')
    assert.equal(gw.readOwner().record.pid, 4343)
  })

  test(`a ${dialect} owner file for another dir is foreign`, (t) => {
    const dir = tempDir(t)
    writeFile(dir, 'openclaw.json', '{"gateway":{"port":18790}}')
    writeFile(dir, 'gateway-owner.json', JSON.stringify(record(dir + '/elsewhere', 9)))
    const gw = new Gateway({ openclawDir: dir, cliPath: '', runtime: { running: true, pid: 9 } })
    assert.equal(gw.status().ownership, 'foreign')
    assert.throws(() => gw.ensureOwned(), (err) => err.code === 'GATEWAY_FOREIGN' && err.message.includes('(PID: 9)'))
    assert.equal(gw.readOwner().record.openclawDir, dir + '/elsewhere', 'a foreign record is left alone')
  })
}

test('with no owner file a running gateway is claimed; a stopped one is left alone', (t) => {
  const dir = tempDir(t)
  const stopped = new Gateway({ openclawDir: dir, cliPath: '', runtime: { running: false } })
  assert.equal(stopped.status().ownership, 'stopped')
  assert.equal(stopped.readOwner().status, 'missing')
  const running = new Gateway({ openclawDir: dir, cliPath: '', runtime: { running: true, pid: 77 } })
  assert.equal(running.status().decision.action, 'claim')
  const record = running.readOwner().record
  assert.deepEqual([record.pid, record.port, record.openclawDir, record.startedBy], [77, 18789, dir, 'clawpanel'])
})
