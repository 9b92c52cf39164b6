// A real listener on 127.0.0.1, run as a child process. Started as `node <dir>/openclaw.mjs gateway` its command
// line looks like an OpenClaw gateway (`openclaw` + `gateway`); started under another name it is just a listener.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const SERVER = `
import net from 'node:net'
const server = net.createServer((socket) => socket.end())
server.listen(Number(process.env.FAKE_PORT || 0), '127.0.0.1', () => {
  process.stdout.write(String(server.address().port) + '\\n')
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
`

/**
 * Starts a listener; resolves `{pid, port, stop()}` once it listens. `t.after` kills it in every case.
 * @param {import('node:test').TestContext} t
 * @param {string} dir where to put the script
 * @param {{gatewayLike?: boolean, port?: number, env?: Record<string, string>}} [options]
 */
export async function startListener(t, dir, { gatewayLike = true, port = 0, env = {} } = {}) {
  const script = path.join(dir, gatewayLike ? 'openclaw.mjs' : 'plain-server.mjs')
  fs.writeFileSync(script, SERVER)
  const args = gatewayLike ? [script, 'gateway', '--port', String(port)] : [script]
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, FAKE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let exited = false
  const exitedPromise = new Promise((resolve) => child.once('exit', () => { exited = true; resolve() }))
  const kill = async () => {
    if (!exited) {
      child.kill('SIGKILL')
      await exitedPromise
    }
  }
  t.after(kill)
  const listening = await new Promise((resolve, reject) => {
    let buffer = ''
    child.stdout.on('data', (chunk) => {
      buffer += chunk
      const line = buffer.split('\n')[0]
      if (buffer.includes('\n')) resolve(Number(line))
    })
    child.once('exit', (code) => reject(new Error(`listener exited early (${code})`)))
    setTimeout(() => reject(new Error('listener did not start within 10 s')), 10_000).unref()
  })
  return { pid: child.pid, port: listening, stop: kill, exited: exitedPromise, isExited: () => exited }
}

/** Polls `fn` every 50 ms until it returns a truthy value or `ms` elapse. */
export async function waitFor(fn, ms = 5000) {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await fn()
    if (value) return value
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}
