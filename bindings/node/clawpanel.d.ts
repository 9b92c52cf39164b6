// Types of clawscope/clawpanel, the drop-in for ClawPanel's scripts/dev-api.js gateway functions.
import type { Gateway, GatewaySignature, OwnerRecord, ServiceStatus } from './index'

/** What createClawPanelAdapter binds the functions to. */
export interface ClawPanelAdapterOptions {
  /** The openclaw data dir (ClawPanel's OPENCLAW_DIR); default: discovered like ClawPanel and OpenClaw. */
  openclawDir?: string | null
  /** The OpenClaw CLI ('' for none); default: ClawPanel's binding and CLI search. */
  cliPath?: string | null
  /** An explicit environment snapshot instead of process.env. */
  env?: { vars?: Record<string, string>, home?: string | null, cwd?: string | null, tempDir?: string | null } | null
}

/** An owner record as dev-api.js handles it: clawscope's normalised record, or a raw object of either dialect. */
export type GatewayOwner = OwnerRecord | Record<string, unknown> | null | undefined

/** The Error clawscope throws: `.code` is a stable code, `.details` structured data or undefined. */
export interface ClawscopeError extends Error {
  code: string
  details: unknown
}

/** ClawPanel's gateway functions, bound to one openclaw dir and CLI path. */
export interface ClawPanelAdapter {
  /** A fresh clawscope Gateway for this dir (status details, evidence, adopt, …). */
  gateway(): Gateway
  readGatewayPort(): number
  gatewayOwnerFilePath(): string
  readGatewayOwner(): OwnerRecord | null
  writeGatewayOwner(pid?: number | null): void
  clearGatewayOwner(): void
  currentGatewayOwnerSignature(): GatewaySignature
  isCurrentGatewayOwner(owner: GatewayOwner, pid?: unknown): boolean
  gatewayOwnerPidNeedsRefresh(owner: GatewayOwner, pid?: unknown): boolean
  shouldAutoClaimGateway(owner: GatewayOwner): boolean
  foreignGatewayError(pid?: unknown): ClawscopeError & { code: 'GATEWAY_FOREIGN' }
  /** Throws ClawPanel's foreign-gateway Error (`code: 'GATEWAY_FOREIGN'`) when another instance owns the gateway. */
  ensureOwnedGatewayOrThrow(pid?: unknown): void
  parseWindowsListeningPids(output: string, port: number | string): number[]
  checkGateway(): { running: boolean, pid: number | null, manageable: boolean }
  getServicesStatus(): ServiceStatus[]
}

export declare function createClawPanelAdapter(options?: ClawPanelAdapterOptions): ClawPanelAdapter

declare const _default: { createClawPanelAdapter: typeof createClawPanelAdapter }
export default _default
