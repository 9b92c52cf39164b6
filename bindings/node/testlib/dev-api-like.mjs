// A small ESM module shaped like ClawPanel's scripts/dev-api.js (our own code, not ClawPanel's): a handler table
// for `POST /__api/<cmd>` whose gateway commands use the clawscope/clawpanel adapter exactly where dev-api.js uses
// its own ownership functions. Loaded through createRequire, as dev-api.js would load a native package.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { createClawPanelAdapter } = require('clawscope/clawpanel')

/**
 * @param {{openclawDir: string, cliPath?: string|null, stopProcess?: (pid: number) => Promise<void>}} options
 */
export function createDevApi({ openclawDir, cliPath = '', stopProcess }) {
  const gw = createClawPanelAdapter({ openclawDir, cliPath })

  async function waitForGatewayStopped(timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (!gw.checkGateway().running) {
        gw.clearGatewayOwner()
        return true
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    return false
  }

  function refuseUnmanageable(status) {
    if (status.manageable === false) {
      throw new Error(`端口 ${gw.readGatewayPort()} 已被其他进程 (PID ${status.pid}) 占用，无法操作`)
    }
  }

  const handlers = {
    async get_services_status() {
      return gw.getServicesStatus()
    },
    async claim_gateway() {
      const status = gw.checkGateway()
      if (!status.running) throw new Error('Gateway 未运行，无需认领')
      gw.writeGatewayOwner(status.pid)
      return true
    },
    async start_service() {
      const status = gw.checkGateway()
      if (status.running) {
        refuseUnmanageable(status)
        gw.ensureOwnedGatewayOrThrow(status.pid)
        gw.writeGatewayOwner(status.pid)
        return true
      }
      throw new Error('starting a gateway is out of scope for this test module')
    },
    async stop_service() {
      const status = gw.checkGateway()
      if (!status.running || !status.pid) throw new Error('Gateway 未运行')
      refuseUnmanageable(status)
      gw.ensureOwnedGatewayOrThrow(status.pid)
      await stopProcess(status.pid)
      if (!(await waitForGatewayStopped())) throw new Error('Gateway 停止超时')
      return true
    },
  }

  /** Like dev-api.js's middleware: `{ok, data}` or `{ok: false, error: message, code}`. */
  async function call(cmd, args = {}) {
    try {
      return { ok: true, data: await handlers[cmd](args) }
    } catch (e) {
      return { ok: false, error: e.message, code: e.code }
    }
  }

  return { handlers, call, adapter: gw }
}
