// examples/node/*.mjs run here so they cannot rot: each example's output is checked.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { startListener } from '../testlib/fake-gateway.mjs'
import { repoRoot, tempDir, writeFile } from '../testlib/paths.mjs'

const examples = path.join(repoRoot, 'examples', 'node')

function runExample(name, args = []) {
  const env = { ...process.env }
  delete env.OPENCLAW_GATEWAY_PORT
  const result = spawnSync(process.execPath, [path.join(examples, name), ...args], { encoding: 'utf8', env, timeout: 60_000 })
  return { code: result.status, out: result.stdout, err: result.stderr, lines: result.stdout.trim().split('\n') }
}

test('adapter-demo.mjs walks the dev-api lifecycle', () => {
  const { code, lines, err } = runExample('adapter-demo.mjs')
  assert.equal(code, 0, err)
  const port = Number(lines[0].match(/^readGatewayPort\(\) = (\d+)$/)?.[1])
  assert.ok(port > 0, lines[0])
  assert.deepEqual(lines.slice(1), [
    'checkGateway() = running:true pid:this process manageable:false',
    'status with no owner file: owned (action claim)',
    'Tauri-written owner file: isCurrentGatewayOwner = true',
    `ensureOwnedGatewayOrThrow -> GATEWAY_FOREIGN: 检测到端口 ${port} 上已有其他 OpenClaw Gateway 正在运行 (PID: 4242)，且不属于当前面板实例。为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。`,
    'after claim: owned',
    'after stop: stopped, owner file cleared',
  ])
})

test('gateway-status.mjs prints the bundled sample', () => {
  const sample = path.join(repoRoot, 'tests', 'fixtures', 'state', 'file-era')
  const { code, lines, err } = runExample('gateway-status.mjs')
  assert.equal(code, 0, err)
  assert.equal(lines[0], `openclawDir=${sample}`)
  assert.equal(lines[1], `config=${path.join(sample, 'openclaw.json')} port=18789 portSource=config`)
  assert.match(lines[2], /^running=(true|false) pid=\S+ manageable=(true|false) gateway=\S+$/)
  assert.match(lines[3], /^ownership=(stopped|owned|foreign) action=\w+ reason=\w+$/)
  assert.equal(fs.existsSync(path.join(sample, 'gateway-owner.json')), false, 'the sample is never written')
})

test('gateway-status.mjs on a dir whose gateway belongs to another install, read-only', async (t) => {
  const dir = tempDir(t)
  const listener = await startListener(t, dir)
  writeFile(dir, 'openclaw.json', JSON.stringify({ gateway: { port: listener.port } }))
  const owner = JSON.stringify({ port: listener.port, openclawDir: '/elsewhere/.openclaw', startedBy: 'clawpanel' })
  writeFile(dir, 'gateway-owner.json', owner)
  const text = runExample('gateway-status.mjs', [dir])
  assert.equal(text.code, 0, text.err)
  assert.deepEqual(text.lines.slice(2), [
    `running=true pid=${listener.pid} manageable=true gateway=true`,
    'ownership=foreign action=none reason=dir_mismatch',
  ])
  const json = JSON.parse(runExample('gateway-status.mjs', [dir, '--json']).out)
  assert.equal(json.port, listener.port)
  assert.equal(json.decision.reason.recorded, '/elsewhere/.openclaw')
  assert.equal(fs.readFileSync(path.join(dir, 'gateway-owner.json'), 'utf8'), owner, 'nothing written')
})

test('gateway-status.mjs reports a clawscope error with its code', () => {
  const bad = spawnSync(process.execPath, [path.join(examples, 'gateway-status.mjs'), ''], { encoding: 'utf8' })
  assert.equal(bad.status, 2, bad.stdout + bad.stderr)
  assert.match(bad.stderr, /^error INVALID_PATH: /)
})
