// The shared golden ownership fixtures (tests/fixtures/gateway/ownership, format in tests/fixtures/gateway/README.md)
// run through the Node binding: each case is copied to a fresh temp dir per operation, {{dir}} is substituted, and
// port, decide(), status(), the owner file after status() and ensureOwned() are compared with expected.json.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

import { fixturesDir, tempDir } from '../testlib/paths.mjs'

const require = createRequire(import.meta.url)
const { Gateway, decideOwnership } = require('clawscope')

const PLACEHOLDER = '{{dir}}'
const casesDir = path.join(fixturesDir, 'gateway', 'ownership')

function materialise(caseDir, dir, spec) {
  for (const name of ['openclaw.json', 'gateway-owner.json']) {
    const src = path.join(caseDir, name)
    if (!fs.existsSync(src)) continue
    const bytes = fs.readFileSync(src)
    let out = bytes
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
      out = Buffer.from(text.replaceAll(PLACEHOLDER, JSON.stringify(dir).slice(1, -1)), 'utf8')
    } catch {
      // Not UTF-8 (the binary case): copied as is.
    }
    fs.writeFileSync(path.join(dir, name), out)
  }
  for (const [rel, content] of Object.entries(spec.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), content)
  }
  for (const [rel, target] of Object.entries(spec.symlinks ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.symlinkSync(target, path.join(dir, rel))
  }
}

function substitute(value, from, to) {
  if (typeof value === 'string') return value.replaceAll(from, to)
  if (Array.isArray(value)) return value.map((v) => substitute(v, from, to))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, from, to)]))
  }
  return value
}

function gateway(dir, spec) {
  return new Gateway({
    openclawDir: dir,
    cliPath: spec.cliPath == null ? '' : spec.cliPath.replaceAll(PLACEHOLDER, dir),
    env: { home: dir, cwd: dir, vars: spec.env ?? {} },
    runtime: spec.runtime,
  })
}

function runCase(t, caseDir) {
  const spec = JSON.parse(fs.readFileSync(path.join(caseDir, 'case.json'), 'utf8'))
  const fresh = () => {
    const dir = tempDir(t, 'clawscope-fixture-')
    materialise(caseDir, dir, spec)
    return dir
  }

  const dirA = fresh()
  const gwA = gateway(dirA, spec)
  const ownerFile = path.join(dirA, 'gateway-owner.json')
  const before = fs.existsSync(ownerFile) ? fs.readFileSync(ownerFile) : null
  const decision = gwA.decide()
  assert.deepEqual(fs.existsSync(ownerFile) ? fs.readFileSync(ownerFile) : null, before, 'decide() must not write')

  // The pure decideOwnership agrees with the Gateway (except where symlinks need the file system, or the owner
  // file is not text) — as the Rust runner checks.
  if (!spec.symlinks && (before === null || isUtf8(before))) {
    const pure = decideOwnership({
      ownerText: before === null ? null : before.toString('utf8'),
      signature: gwA.signature(),
      runtime: spec.runtime,
      home: dirA,
      cwd: dirA,
    })
    assert.deepEqual(pure, decision, 'decideOwnership differs from Gateway.decide')
  }

  const dirB = fresh()
  const gwB = gateway(dirB, spec)
  const status = gwB.status()
  assert.equal(gwB.statusJson(), JSON.stringify(gwB.status()), 'statusJson is the serde JSON of status()')
  const ownerAfter = gwB.readOwner()

  const dirC = fresh()
  let ensure
  try {
    ensure = { decision: gateway(dirC, spec).ensureOwned() }
  } catch (err) {
    assert.ok(err instanceof Error)
    ensure = {
      error: {
        code: err.code,
        message: err.message,
        // details.evidence describes this machine, not the fixture: compare the decision only.
        details: err.details === undefined ? null : { decision: err.details.decision },
      },
    }
  }

  return {
    port: gwA.port,
    portSource: gwA.portSource,
    decision: substitute(decision, dirA, PLACEHOLDER),
    status: substitute(status, dirB, PLACEHOLDER),
    ownerAfterStatus: ownerAfter.status,
    ensureOwned: substitute(ensure, dirC, PLACEHOLDER),
  }
}

function isUtf8(bytes) {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

const cases = fs.readdirSync(casesDir)
  .filter((name) => fs.existsSync(path.join(casesDir, name, 'case.json')))
  .sort()

test('the fixture set is there', () => {
  assert.ok(cases.length >= 20, `found ${cases.length} cases`)
  for (const required of ['tauri-snake-owned', 'web-camel-owned', 'string-port-config', 'bom-config',
    'started-by-other-claim', 'foreign-dir-with-pid', 'foreign-dir-without-pid', 'cli-symlink-match',
    'cli-tilde-match', 'corrupt-empty', 'corrupt-truncated', 'corrupt-array', 'corrupt-binary', 'env-port']) {
    assert.ok(cases.includes(required), required)
  }
})

for (const name of cases) {
  test(`ownership fixture ${name}`, (t) => {
    const caseDir = path.join(casesDir, name)
    const expected = JSON.parse(fs.readFileSync(path.join(caseDir, 'expected.json'), 'utf8'))
    assert.deepEqual(runCase(t, caseDir), expected)
  })
}
