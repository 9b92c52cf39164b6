'use strict'
// clawscope/clawpanel — a drop-in for the gateway-ownership functions of ClawPanel's scripts/dev-api.js.
//
// Every function keeps the name, arguments and return shape dev-api.js uses, and is backed by the Rust core through
// the native binding: the owner file is read and written by clawscope (both dialects, atomic, locked), the port
// comes from clawscope's config reader (JSON5, BOM, string ports, OPENCLAW_GATEWAY_PORT), and every yes/no answer
// is one field of clawscope's ownership decision. Nothing here decides ownership itself.
//
// Usage (ESM, as dev-api.js is):
//   import { createClawPanelAdapter } from 'clawscope/clawpanel'
//   const gw = createClawPanelAdapter({ openclawDir: OPENCLAW_DIR, cliPath: resolveOpenclawCliPath() })
//   gw.ensureOwnedGatewayOrThrow(pid)

const core = require('./index.js')

// ClawPanel Web stores a pid only when `Number.isInteger(pid) && pid > 0`; anything else means "no pid" (null).
// This is argument conversion (ClawPanel passes whatever its probes returned), not a decision.
function clawpanelPid(pid) {
  return Number.isInteger(pid) && pid > 0 && pid <= 0xffffffff ? pid : null
}

// A port as dev-api.js may hold it: a number, or a string of digits (from a string `gateway.port`).
function clawpanelPort(port) {
  return typeof port === 'string' && /^\d+$/.test(port.trim()) ? Number(port.trim()) : port
}

/**
 * Binds ClawPanel's gateway functions to one openclaw dir and CLI path.
 * @param {{openclawDir?: string|null, cliPath?: string|null, env?: object|null}} [options]
 */
function createClawPanelAdapter(options = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw Object.assign(new TypeError('createClawPanelAdapter expects an options object'), {
      code: 'INVALID_ARGUMENT',
      details: undefined,
    })
  }
  const gatewayOptions = {
    openclawDir: options.openclawDir ?? null,
    cliPath: options.cliPath ?? null,
    env: options.env ?? null,
  }
  // Validates the options once, at creation, so a bad dir fails early with a coded error.
  new core.Gateway(gatewayOptions)

  // A fresh Gateway per call: like dev-api.js, every call sees the current openclaw.json and environment.
  const gateway = () => new core.Gateway(gatewayOptions)
  const decide = (owner, pid) => gateway().decideRecord(owner ?? null, clawpanelPid(pid))

  return {
    /** The underlying clawscope Gateway, freshly built (for status details, evidence, adopt, …). */
    gateway,

    /** The gateway port: OPENCLAW_GATEWAY_PORT, else gateway.port of openclaw.json (JSON5, BOM, string), else 18789. */
    readGatewayPort() {
      return gateway().port
    },

    /** `<openclawDir>/gateway-owner.json`. */
    gatewayOwnerFilePath() {
      return gateway().ownerPath
    },

    /** The owner record (either dialect, normalised to camelCase), or null when missing or unreadable. */
    readGatewayOwner() {
      const outcome = gateway().readOwner()
      return outcome.status === 'valid' ? outcome.record : null
    },

    /** Writes the owner record for the current signature (both key dialects, atomic, mode 0600). */
    writeGatewayOwner(pid) {
      gateway().writeOwner(clawpanelPid(pid))
    },

    /** Deletes the owner file; like ClawPanel, errors are ignored. */
    clearGatewayOwner() {
      try {
        gateway().clearOwner()
      } catch {
        // ClawPanel's clearGatewayOwner ignores every error (the file may already be gone).
      }
    },

    /** `{port, openclawDir, cliPath}` of this panel instance. */
    currentGatewayOwnerSignature() {
      return gateway().signature()
    },

    /** The record matches the current signature (the pid is ignored, as in ClawPanel since #176). */
    isCurrentGatewayOwner(owner, pid) {
      return decide(owner, null).reason.kind === 'signature_match'
    },

    /** The record matches and a valid live pid differs from the stored one. */
    gatewayOwnerPidNeedsRefresh(owner, pid) {
      return decide(owner, pid).action === 'refresh_pid'
    },

    /** No record, or a record for this port and dir (whatever its startedBy and CLI). */
    shouldAutoClaimGateway(owner) {
      return decide(owner, null).ownership === 'owned'
    },

    /** ClawPanel's foreign-gateway Error (exact text, `.code === 'GATEWAY_FOREIGN'`), not thrown. */
    foreignGatewayError(pid) {
      return core.foreignGatewayError(gateway().port, clawpanelPid(pid))
    },

    /** Refreshes or claims the owner record, or throws ClawPanel's foreign-gateway Error (`.details` = evidence). */
    ensureOwnedGatewayOrThrow(pid) {
      gateway().ensureOwned(clawpanelPid(pid))
    },

    /** The listening pids on `port` in Windows `netstat -ano` output (English or Chinese), unique, ascending. */
    parseWindowsListeningPids(output, port) {
      return core.listeningPids('netstat', String(output ?? ''), clawpanelPort(port))
    },

    /** `{running, pid, manageable}` of the listener on the gateway port (any platform). */
    checkGateway() {
      const check = gateway().check()
      return { running: check.running, pid: check.pid, manageable: check.manageable }
    },

    /** `[ServiceStatus]` for `ai.openclaw.gateway`, refreshing or claiming the owner record like ClawPanel. */
    getServicesStatus() {
      return [gateway().status()]
    },
  }
}

module.exports = { createClawPanelAdapter }
