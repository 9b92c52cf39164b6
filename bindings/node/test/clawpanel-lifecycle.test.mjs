// Issue 5 §1: a dev-api.js-shaped ESM module drives the full ownership lifecycle through clawscope/clawpanel
// against a REAL listener process on 127.0.0.1 whose port is written into openclaw.json.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'

import { createDevApi } from '../testlib/dev-api-like.mjs'
import { startListener, waitFor } from '../testlib/fake-gateway.mjs'
import { tempDir, writeFile } from '../testlib/paths.mjs'

const foreignText = (port, pid) =>
  `检测到端口 ${port} 上已有其他 OpenClaw Gateway 正在运行${pid ? ` (PID: ${pid})` : ''}，且不属于当前面板实例。为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。`

// ClawPanel's frontend recognises the foreign error by these substrings (isForeignGatewayError).
const isForeignGatewayError = (message) =>
  ['不属于当前面板实例', '误接管', '其他 OpenClaw Gateway'].some((s) => message.includes(s))

function readOwnerFile(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'gateway-owner.json'), 'utf8'))
}

test('dev-api lifecycle against a real listener: claim, Tauri file, foreign dir, pid drift, stop', async (t) => {
  const root = tempDir(t)
  const openclawDir = path.join(root, '.openclaw')
  const listener = await startListener(t, root)
  // A string port, as ClawPanel's settings page can write it: clawscope reads it as the number.
  writeFile(openclawDir, 'openclaw.json', `{ gateway: { port: "${listener.port}" } }`)
  const api = createDevApi({
    openclawDir,
    stopProcess: async (pid) => process.kill(pid, 'SIGTERM'),
  })
  const gw = api.adapter
  assert.equal(gw.readGatewayPort(), listener.port)

  // The real probe sees the listener, its pid and that it looks like a gateway.
  const check = gw.checkGateway()
  assert.deepEqual(check, { running: true, pid: listener.pid, manageable: true })

  // 1. No owner file → status claims it for this panel.
  assert.equal(gw.readGatewayOwner(), null)
  const [claimed] = (await api.call('get_services_status')).data
  assert.equal(claimed.ownership, 'owned')
  assert.equal(claimed.owned_by_current_instance, true)
  assert.equal(claimed.decision.action, 'claim')
  assert.equal(claimed.pid, listener.pid)
  const written = readOwnerFile(openclawDir)
  assert.equal(written.pid, listener.pid)
  assert.equal(written.openclawDir, openclawDir)
  assert.equal(written.openclaw_dir, openclawDir, 'written in both dialects so the Tauri app accepts it too')
  assert.equal(written.startedBy, 'clawpanel')

  // 2. A file written by the Tauri app (snake_case, local-offset time) → owned, not foreign.
  writeFile(openclawDir, 'gateway-owner.json', JSON.stringify({
    pid: listener.pid,
    port: listener.port,
    cli_path: null,
    openclaw_dir: openclawDir,
    started_at: '2026-05-24T04:08:42.550640625+08:00',
    started_by: 'clawpanel',
  }, null, 2))
  const tauriOwner = gw.readGatewayOwner()
  assert.equal(tauriOwner.dialect, 'tauri')
  assert.equal(gw.isCurrentGatewayOwner(tauriOwner, listener.pid), true)
  const [owned] = (await api.call('get_services_status')).data
  assert.equal(owned.ownership, 'owned')
  assert.equal(owned.decision.action, 'none')
  assert.deepEqual(await api.call('start_service'), { ok: true, data: true })

  // 3. A record for another openclaw dir → ClawPanel's exact foreign text, with the pid, and code GATEWAY_FOREIGN.
  writeFile(openclawDir, 'gateway-owner.json', JSON.stringify({
    port: listener.port,
    cliPath: null,
    openclawDir: path.join(root, 'other-install', '.openclaw'),
    pid: listener.pid,
    startedAt: '2026-07-23T11:18:47.123Z',
    startedBy: 'clawpanel',
  }))
  assert.equal(gw.shouldAutoClaimGateway(gw.readGatewayOwner()), false)
  const refused = await api.call('start_service')
  assert.equal(refused.ok, false)
  assert.equal(refused.error, foreignText(listener.port, listener.pid))
  assert.equal(refused.code, 'GATEWAY_FOREIGN')
  assert.ok(isForeignGatewayError(refused.error))
  const [foreign] = (await api.call('get_services_status')).data
  assert.equal(foreign.ownership, 'foreign')
  assert.equal(foreign.owned_by_current_instance, false)
  assert.equal(foreign.decision.reason.kind, 'dir_mismatch')
  assert.throws(() => gw.ensureOwnedGatewayOrThrow(listener.pid), (err) => {
    assert.ok(err instanceof Error)
    assert.equal(err.message, foreignText(listener.port, listener.pid))
    assert.equal(err.details.decision.reason.kind, 'dir_mismatch')
    assert.ok(Array.isArray(err.details.evidence.listeners), 'the error carries the evidence')
    return true
  })
  // claim_gateway overwrites unconditionally, as in ClawPanel.
  assert.deepEqual(await api.call('claim_gateway'), { ok: true, data: true })
  assert.equal(readOwnerFile(openclawDir).openclawDir, openclawDir)

  // 4. The stored pid drifted (the gateway restarted) → refresh.
  const stalePid = listener.pid + 100000
  gw.writeGatewayOwner(stalePid)
  const stale = gw.readGatewayOwner()
  assert.equal(stale.pid, stalePid)
  assert.equal(gw.gatewayOwnerPidNeedsRefresh(stale, listener.pid), true)
  assert.equal(gw.gatewayOwnerPidNeedsRefresh(stale, '5'), false, 'a non-integer pid never triggers a refresh')
  const [refreshed] = (await api.call('get_services_status')).data
  assert.equal(refreshed.decision.action, 'refresh_pid')
  assert.equal(readOwnerFile(openclawDir).pid, listener.pid)
  assert.equal(gw.gatewayOwnerPidNeedsRefresh(gw.readGatewayOwner(), listener.pid), false)

  // 5. Stop → the process is gone and the owner file is cleared.
  assert.deepEqual(await api.call('stop_service'), { ok: true, data: true })
  await waitFor(() => listener.isExited())
  assert.equal(fs.existsSync(path.join(openclawDir, 'gateway-owner.json')), false)
  const [stopped] = (await api.call('get_services_status')).data
  assert.equal(stopped.running, false)
  assert.equal(stopped.ownership, 'stopped')
  assert.deepEqual(await api.call('claim_gateway'), { ok: false, error: 'Gateway 未运行，无需认领', code: undefined })
})

test('a listener that is not an OpenClaw gateway is not manageable', async (t) => {
  const root = tempDir(t)
  const openclawDir = path.join(root, '.openclaw')
  const listener = await startListener(t, root, { gatewayLike: false })
  writeFile(openclawDir, 'openclaw.json', JSON.stringify({ gateway: { port: listener.port } }))
  const api = createDevApi({ openclawDir, stopProcess: async () => assert.fail('must not stop a foreign process') })
  assert.deepEqual(api.adapter.checkGateway(), { running: true, pid: listener.pid, manageable: false })
  const refused = await api.call('stop_service')
  assert.equal(refused.error, `端口 ${listener.port} 已被其他进程 (PID ${listener.pid}) 占用，无法操作`)
  assert.equal(listener.isExited(), false)
})
