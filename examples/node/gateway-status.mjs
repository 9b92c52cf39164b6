#!/usr/bin/env node
// Prints the gateway status and ownership decision of an openclaw dir (default: the bundled sample state dir,
// tests/fixtures/state/file-era). Read-only: nothing is written, even when a gateway runs.
//
//   node examples/node/gateway-status.mjs [openclawDir] [--json]
import { fileURLToPath } from 'node:url'

import { loadClawscope } from './load-clawscope.mjs'

const { Gateway } = loadClawscope()

const args = process.argv.slice(2)
const json = args.includes('--json')
const openclawDir = args.find((a) => !a.startsWith('--')) ??
  fileURLToPath(new URL('../../tests/fixtures/state/file-era', import.meta.url))

try {
  const gw = new Gateway({ openclawDir, cliPath: '' })
  const check = gw.check()
  const decision = gw.decide()
  if (json) {
    console.log(JSON.stringify({
      openclawDir: gw.openclawDir,
      configPath: gw.configPath,
      port: gw.port,
      portSource: gw.portSource,
      running: check.running,
      pid: check.pid,
      manageable: check.manageable,
      decision,
    }, null, 2))
  } else {
    console.log(`openclawDir=${gw.openclawDir}`)
    console.log(`config=${gw.configPath} port=${gw.port} portSource=${gw.portSource}`)
    console.log(`running=${check.running} pid=${check.pid ?? '-'} manageable=${check.manageable} gateway=${check.isGateway ?? '-'}`)
    console.log(`ownership=${decision.ownership} action=${decision.action} reason=${decision.reason.kind}`)
  }
} catch (err) {
  // Every clawscope error has a stable code.
  console.error(`error ${err.code}: ${err.message}`)
  process.exitCode = 2
}
