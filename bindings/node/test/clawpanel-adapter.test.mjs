// clawscope/clawpanel function by function, with ClawPanel's names, signatures and semantics
// (clawpanel-gateway.md §1.4–1.8, §2.1, §3.3) and the fixes clawscope brings.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'

import { createClawPanelAdapter } from 'clawscope/clawpanel'
import { tempDir, writeFile } from '../testlib/paths.mjs'

const NAMES = ['readGatewayPort', 'gatewayOwnerFilePath', 'readGatewayOwner', 'writeGatewayOwner', 'clearGatewayOwner',
  'currentGatewayOwnerSignature', 'isCurrentGatewayOwner', 'gatewayOwnerPidNeedsRefresh', 'shouldAutoClaimGateway',
  'foreignGatewayError', 'ensureOwnedGatewayOrThrow', 'parseWindowsListeningPids', 'checkGateway', 'getServicesStatus']

function setup(t, { config = '{"gateway":{"port":18789}}', env } = {}) {
  const dir = tempDir(t)
  if (config !== null) writeFile(dir, 'openclaw.json', config)
  const gw = createClawPanelAdapter({ openclawDir: dir, cliPath: '', env: env?.(dir) })
  return { dir, gw }
}

test('the adapter has every dev-api.js function name, with its arity', (t) => {
  const { gw } = setup(t)
  for (const name of NAMES) assert.equal(typeof gw[name], 'function', name)
  assert.equal(gw.isCurrentGatewayOwner.length, 2)
  assert.equal(gw.gatewayOwnerPidNeedsRefresh.length, 2)
  assert.equal(gw.parseWindowsListeningPids.length, 2)
  assert.equal(gw.shouldAutoClaimGateway.length, 1)
  assert.equal(gw.writeGatewayOwner.length, 1)
})

test('createClawPanelAdapter rejects options that are not an object', () => {
  assert.throws(() => createClawPanelAdapter(42), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => createClawPanelAdapter({ openclawDir: 7 }), { code: 'INVALID_ARGUMENT' })
})

test('readGatewayPort: string port, BOM, JSON5, out of range, env port', (t) => {
  assert.equal(setup(t, { config: '{"gateway":{"port":"18790"}}' }).gw.readGatewayPort(), 18790)
  assert.equal(setup(t, { config: '\uFEFF{"gateway":{"port":18791}}' }).gw.readGatewayPort(), 18791)
  assert.equal(setup(t, { config: "{ gateway: { port: 18792, }, // json5\n}" }).gw.readGatewayPort(), 18792)
  assert.equal(setup(t, { config: '{"gateway":{"port":70000}}' }).gw.readGatewayPort(), 18789)
  assert.equal(setup(t, { config: null }).gw.readGatewayPort(), 18789)
  const envPort = setup(t, { env: (dir) => ({ home: dir, vars: { OPENCLAW_GATEWAY_PORT: '18795' } }) })
  assert.equal(envPort.gw.readGatewayPort(), 18795)
})

test('the port is read on every call, like dev-api.js', (t) => {
  const { dir, gw } = setup(t)
  assert.equal(gw.readGatewayPort(), 18789)
  writeFile(dir, 'openclaw.json', '{"gateway":{"port":18799}}')
  assert.equal(gw.readGatewayPort(), 18799)
})

test('owner file path, signature, write, read and clear', (t) => {
  const { dir, gw } = setup(t)
  assert.equal(gw.gatewayOwnerFilePath(), path.join(dir, 'gateway-owner.json'))
  assert.deepEqual(gw.currentGatewayOwnerSignature(), { port: 18789, openclawDir: dir, cliPath: null })
  assert.equal(gw.readGatewayOwner(), null)
  gw.writeGatewayOwner(4242)
  const owner = gw.readGatewayOwner()
  assert.equal(owner.pid, 4242)
  assert.equal(owner.port, 18789)
  assert.equal(owner.openclawDir, dir)
  assert.equal(owner.startedBy, 'clawpanel')
  assert.equal(owner.dialect, 'both')
  assert.match(owner.startedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
  if (process.platform !== 'win32') {
    assert.equal(fs.statSync(gw.gatewayOwnerFilePath()).mode & 0o777, 0o600)
  }
  for (const bad of [-1, 0, 1.5, '42', NaN, null, undefined]) {
    gw.writeGatewayOwner(bad)
    assert.equal(gw.readGatewayOwner().pid, null, `pid ${String(bad)} is stored as null, as ClawPanel does`)
  }
  gw.clearGatewayOwner()
  assert.equal(fs.existsSync(gw.gatewayOwnerFilePath()), false)
  gw.clearGatewayOwner()
  // A corrupt file reads as "no owner", like ClawPanel.
  writeFile(dir, 'gateway-owner.json', '{"port": 187')
  assert.equal(gw.readGatewayOwner(), null)
})

test('isCurrentGatewayOwner: both dialects match, the pid is ignored, other writers and dirs do not', (t) => {
  const { dir, gw } = setup(t)
  const web = { port: 18789, cliPath: null, openclawDir: dir, pid: 1, startedAt: 'x', startedBy: 'clawpanel' }
  const tauri = { pid: 1, port: 18789, cli_path: null, openclaw_dir: dir + '/', started_at: 'x', started_by: 'clawpanel' }
  assert.equal(gw.isCurrentGatewayOwner(web, 999), true)
  assert.equal(gw.isCurrentGatewayOwner(tauri, 999), true, 'the Tauri file is not foreign (RS/JS incompatibility)')
  assert.equal(gw.isCurrentGatewayOwner({ ...web, port: '18789' }), true, 'a string port in the record')
  assert.equal(gw.isCurrentGatewayOwner({ ...web, startedBy: 'someone-else' }), false)
  assert.equal(gw.isCurrentGatewayOwner({ ...web, openclawDir: dir + '/other' }), false)
  assert.equal(gw.isCurrentGatewayOwner(null), false)
})

test('shouldAutoClaimGateway: no record, or same port and dir whatever the writer', (t) => {
  const { dir, gw } = setup(t)
  assert.equal(gw.shouldAutoClaimGateway(null), true)
  assert.equal(gw.shouldAutoClaimGateway({ port: 18789, openclawDir: dir, startedBy: 'someone-else' }), true)
  assert.equal(gw.shouldAutoClaimGateway({ port: 18789, openclawDir: '/elsewhere', startedBy: 'clawpanel' }), false)
  assert.equal(gw.shouldAutoClaimGateway({ port: 18790, openclawDir: dir, startedBy: 'clawpanel' }), false)
})

test('gatewayOwnerPidNeedsRefresh: only a valid live pid different from the stored one', (t) => {
  const { dir, gw } = setup(t)
  const owner = { port: 18789, openclawDir: dir, pid: null, startedBy: 'clawpanel' }
  assert.equal(gw.gatewayOwnerPidNeedsRefresh(owner, 5), true)
  assert.equal(gw.gatewayOwnerPidNeedsRefresh({ ...owner, pid: 5 }, 5), false)
  assert.equal(gw.gatewayOwnerPidNeedsRefresh(owner, null), false)
  assert.equal(gw.gatewayOwnerPidNeedsRefresh(owner, '5'), false)
  assert.equal(gw.gatewayOwnerPidNeedsRefresh({ ...owner, openclawDir: '/elsewhere' }, 5), false)
})

test('foreignGatewayError and ensureOwnedGatewayOrThrow use ClawPanel\'s exact text', (t) => {
  const { gw } = setup(t)
  const withPid = gw.foreignGatewayError(5151)
  assert.ok(withPid instanceof Error)
  assert.equal(withPid.code, 'GATEWAY_FOREIGN')
  assert.equal(withPid.message,
    '检测到端口 18789 上已有其他 OpenClaw Gateway 正在运行 (PID: 5151)，且不属于当前面板实例。为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。')
  assert.equal(gw.foreignGatewayError(null).message,
    '检测到端口 18789 上已有其他 OpenClaw Gateway 正在运行，且不属于当前面板实例。为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。')
  gw.writeGatewayOwner(5151)
  gw.ensureOwnedGatewayOrThrow(5151)
  writeFile(path.dirname(gw.gatewayOwnerFilePath()), 'gateway-owner.json',
    JSON.stringify({ port: 18790, openclawDir: '/x', startedBy: 'clawpanel' }))
  assert.throws(() => gw.ensureOwnedGatewayOrThrow(5151), (err) =>
    err.message === withPid.message && err.code === 'GATEWAY_FOREIGN' && err.details.decision.reason.kind === 'port_mismatch')
})

test('parseWindowsListeningPids: LISTENING and 侦听, exact port column, unique and sorted', (t) => {
  const { gw } = setup(t)
  const output = [
    '  TCP    127.0.0.1:18789        0.0.0.0:0              LISTENING       4242',
    '  TCP    [::1]:18789    [::]:0    侦听    6161',
    '  TCP 127.0.0.1:52345 127.0.0.1:18789 ESTABLISHED 8181',
    '  TCP 127.0.0.1:187890 0.0.0.0:0 LISTENING 7171',
    '  TCP 0.0.0.0:18789 0.0.0.0:0 LISTENING 5151',
    '  TCP 0.0.0.0:18789 0.0.0.0:0 LISTENING 4242',
  ].join('\r\n')
  assert.deepEqual(gw.parseWindowsListeningPids(output, 18789), [4242, 5151, 6161])
  assert.deepEqual(gw.parseWindowsListeningPids(output, '18789'), [4242, 5151, 6161])
  assert.deepEqual(gw.parseWindowsListeningPids('', 18789), [])
})

test('checkGateway and getServicesStatus when nothing listens', (t) => {
  // A port nobody uses: take a free one from the OS by config.
  const { gw } = setup(t, { config: '{"gateway":{"port":1}}' })
  assert.deepEqual(gw.checkGateway(), { running: false, pid: null, manageable: true })
  const [status] = gw.getServicesStatus()
  assert.deepEqual(Object.keys(status).slice(0, 7),
    ['label', 'running', 'pid', 'description', 'cli_installed', 'ownership', 'owned_by_current_instance'])
  assert.equal(status.label, 'ai.openclaw.gateway')
  assert.equal(status.description, 'OpenClaw Gateway')
  assert.equal(status.ownership, 'stopped')
  assert.equal(gw.readGatewayOwner(), null, 'status writes nothing while stopped')
})
