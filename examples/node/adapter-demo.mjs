#!/usr/bin/env node
// ClawPanel dev-api.js-style use of clawscope/clawpanel on a temp openclaw dir: the calls dev-api.js makes for
// `get_services_status`, `start_service` and `stop_service`, against a listener this script opens on 127.0.0.1.
//
//   node examples/node/adapter-demo.mjs
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { loadClawscope } from './load-clawscope.mjs'

const { createClawPanelAdapter } = loadClawscope('/clawpanel')

const openclawDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'clawscope-adapter-demo-')))
const server = net.createServer((socket) => socket.end())
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const { port } = server.address()

try {
  // As ClawPanel's settings page may write it: a string port. ClawPanel Web would call every gateway foreign here.
  fs.writeFileSync(path.join(openclawDir, 'openclaw.json'), `{ gateway: { port: "${port}" } }`)
  const gw = createClawPanelAdapter({ openclawDir, cliPath: '' })
  console.log(`readGatewayPort() = ${gw.readGatewayPort()}`)

  const check = gw.checkGateway()
  console.log(`checkGateway() = running:${check.running} pid:${check.pid === process.pid ? 'this process' : check.pid} manageable:${check.manageable}`)

  // get_services_status: no owner file yet → claimed for this panel.
  let [status] = gw.getServicesStatus()
  console.log(`status with no owner file: ${status.ownership} (action ${status.decision.action})`)

  // The Tauri desktop app wrote the owner file (snake_case): still ours.
  fs.writeFileSync(gw.gatewayOwnerFilePath(), JSON.stringify({
    pid: process.pid, port, cli_path: null, openclaw_dir: openclawDir,
    started_at: '2026-05-24T04:08:42.550640625+08:00', started_by: 'clawpanel',
  }))
  console.log(`Tauri-written owner file: isCurrentGatewayOwner = ${gw.isCurrentGatewayOwner(gw.readGatewayOwner(), process.pid)}`)

  // Another install claimed the gateway: start_service refuses with ClawPanel's exact text.
  fs.writeFileSync(gw.gatewayOwnerFilePath(), JSON.stringify({
    port, openclawDir: path.join(openclawDir, 'other-install'), startedBy: 'clawpanel',
  }))
  try {
    gw.ensureOwnedGatewayOrThrow(4242)
  } catch (err) {
    console.log(`ensureOwnedGatewayOrThrow -> ${err.code}: ${err.message}`)
  }

  // The user claims it (claim_gateway), then stops it: the owner file is cleared.
  gw.writeGatewayOwner(process.pid)
  ;[status] = gw.getServicesStatus()
  console.log(`after claim: ${status.ownership}`)
  await new Promise((resolve) => server.close(resolve))
  if (!gw.checkGateway().running) gw.clearGatewayOwner()
  ;[status] = gw.getServicesStatus()
  console.log(`after stop: ${status.ownership}, owner file ${fs.existsSync(gw.gatewayOwnerFilePath()) ? 'kept' : 'cleared'}`)
} finally {
  server.close()
  fs.rmSync(openclawDir, { recursive: true, force: true })
}
