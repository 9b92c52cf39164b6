// Issue 5 "done when": `npm pack` of bindings/node gives a package that a fresh ESM project installs and imports
// (`clawscope` and `clawscope/clawpanel`, through `import` and through `createRequire`).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { packageDir, tempDir } from '../testlib/paths.mjs'

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function run(cmd, args, cwd) {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000 })
  assert.equal(result.status, 0, `${cmd} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

test('npm pack → npm install in a fresh ESM project → import works', { timeout: 300_000 }, (t) => {
  const work = tempDir(t, 'clawscope-pack-')
  const packed = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', work], packageDir))
  const files = packed[0].files.map((f) => f.path).sort()
  for (const shipped of ['clawpanel.cjs', 'clawpanel.d.ts', 'clawpanel.mjs', 'index.d.ts', 'index.js', 'index.mjs', 'native.js', 'package.json']) {
    assert.ok(files.includes(shipped), `${shipped} is in the tarball`)
  }
  assert.ok(files.some((f) => f.endsWith('.node')), 'the native addon is in the tarball')
  assert.equal(files.some((f) => f.startsWith('test/') || f.startsWith('src/')), false, 'no tests or sources shipped')

  const project = path.join(work, 'app')
  fs.mkdirSync(project)
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }))
  run(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(work, packed[0].filename)], project)

  fs.writeFileSync(path.join(project, 'main.js'), `
import { createRequire } from 'node:module'
import * as clawscope from 'clawscope'
import { createClawPanelAdapter } from 'clawscope/clawpanel'
const require = createRequire(import.meta.url)
const viaRequire = require('clawscope')
const adapterViaRequire = require('clawscope/clawpanel')
const gw = createClawPanelAdapter({ openclawDir: process.argv[2], cliPath: '' })
console.log(JSON.stringify({
  version: clawscope.version(),
  same: viaRequire.version === clawscope.version && adapterViaRequire.createClawPanelAdapter === createClawPanelAdapter,
  codes: clawscope.errorCodes().includes('GATEWAY_FOREIGN'),
  port: gw.readGatewayPort(),
  status: gw.getServicesStatus()[0].label,
}))
`)
  const openclawDir = path.join(work, 'oc')
  fs.mkdirSync(openclawDir)
  fs.writeFileSync(path.join(openclawDir, 'openclaw.json'), '{ gateway: { port: 18777 } }')
  const out = JSON.parse(run(process.execPath, ['main.js', openclawDir], project))
  assert.deepEqual(out, {
    version: JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version,
    same: true,
    codes: true,
    port: 18777,
    status: 'ai.openclaw.gateway',
  })
})
