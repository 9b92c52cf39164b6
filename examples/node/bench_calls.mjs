#!/usr/bin/env node
// Per-call cost of the binding (not a test): decideOwnership and parseSessionKey through napi, next to a pure-JS
// baseline doing a comparable job in the same run, plus an empty binding call (version()) for the boundary cost.
//
//   node examples/node/bench_calls.mjs [iterations]
//
// The JS baselines are deliberately simple (what a dashboard writes inline): they skip the path normalisation,
// dialect merging, validation and the full key grammar that the Rust versions do, so they are a floor, not a peer.
import { loadClawscope } from './load-clawscope.mjs'

const core = loadClawscope()
const iterations = Number(process.argv[2] ?? 200_000)

const ownerText = JSON.stringify({
  port: 18789, cliPath: null, openclawDir: '/home/li/.openclaw', pid: 4242,
  startedAt: '2026-07-23T11:18:47.123Z', startedBy: 'clawpanel',
})
const decideInput = {
  ownerText,
  signature: { port: 18789, openclawDir: '/home/li/.openclaw', cliPath: null },
  runtime: { running: true, pid: 4243 },
  home: '/home/li',
}
const sessionKey = 'agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e'

// Pure-JS baseline of the ownership rules: parse, compare port and dir strings, CLI leniency, pid refresh.
function jsDecide({ ownerText, signature, runtime }) {
  if (!runtime.running) return { ownership: 'stopped', action: 'none' }
  let owner = null
  try { owner = JSON.parse(ownerText) } catch { owner = null }
  if (!owner) return { ownership: 'owned', action: 'claim' }
  const dir = owner.openclawDir ?? owner.openclaw_dir
  if (Number(owner.port) !== signature.port) return { ownership: 'foreign', action: 'none' }
  if (!dir || dir.replace(/\/+$/, '') !== signature.openclawDir) return { ownership: 'foreign', action: 'none' }
  if ((owner.startedBy ?? owner.started_by) !== 'clawpanel') return { ownership: 'owned', action: 'claim' }
  const cli = owner.cliPath ?? owner.cli_path
  if (cli && signature.cliPath && cli !== signature.cliPath) return { ownership: 'owned', action: 'claim' }
  const refresh = Number.isInteger(runtime.pid) && runtime.pid > 0 && owner.pid !== runtime.pid
  return { ownership: 'owned', action: refresh ? 'refresh_pid' : 'none' }
}

// Pure-JS baseline of a session-key split: agent id, rest, channel/peer for the direct shape only.
function jsParseKey(key) {
  const parts = key.toLowerCase().split(':')
  if (parts[0] !== 'agent' || parts.length < 3) throw new Error('invalid key')
  const rest = parts.slice(2)
  const out = { key: parts.join(':'), agentId: parts[1], rest: rest.join(':') }
  const direct = rest.indexOf('direct')
  if (direct >= 0) {
    out.kind = 'direct'
    out.peerKind = 'direct'
    out.peerId = rest[direct + 1]
    if (direct > 0) out.channel = rest[0]
  } else {
    out.kind = rest[0] === 'main' ? 'main' : 'other'
  }
  return out
}

function bench(label, fn) {
  for (let i = 0; i < Math.min(10_000, iterations); i++) fn() // warm-up
  const start = process.hrtime.bigint()
  let sink = 0
  for (let i = 0; i < iterations; i++) sink += fn() ? 1 : 0
  const ns = Number(process.hrtime.bigint() - start) / iterations
  console.log(`${label.padEnd(42)} ${ns.toFixed(0).padStart(7)} ns/call  (${(ns / 1000).toFixed(2)} µs)`)
  return sink
}

// Sanity: both sides answer the same question the same way for this input.
const rust = core.decideOwnership(decideInput)
const js = jsDecide(decideInput)
if (rust.ownership !== js.ownership || rust.action !== js.action) {
  throw new Error(`baseline disagrees: rust ${JSON.stringify(rust)} js ${JSON.stringify(js)}`)
}
if (core.parseSessionKey(sessionKey).peerId !== jsParseKey(sessionKey).peerId) throw new Error('key baseline disagrees')

console.log(`node ${process.version}, ${iterations} iterations each`)
bench('binding: version() (boundary only)', () => core.version())
bench('binding: decideOwnership(input)', () => core.decideOwnership(decideInput))
bench('pure JS: ownership baseline', () => jsDecide(decideInput))
bench('binding: parseSessionKey(key)', () => core.parseSessionKey(sessionKey))
bench('pure JS: session-key split baseline', () => jsParseKey(sessionKey))
