// Type-checked (never run) by test/types.test.mjs with `tsc --module nodenext`: the package's declarations must
// describe the API precisely enough for this code to compile, and reject the misuse marked @ts-expect-error.
import { Gateway, StateDir, decideOwnership, parseSessionKey, probePortAsync } from 'clawscope'
import type { OwnershipDecision, ServiceStatus, SessionDetail } from 'clawscope'
import { createClawPanelAdapter } from 'clawscope/clawpanel'
import type { ClawPanelAdapter } from 'clawscope/clawpanel'

const gw = new Gateway({ openclawDir: '/tmp/x', cliPath: '', runtime: { running: true, pid: 1 } })
const status: ServiceStatus = gw.status()
const ownership: 'stopped' | 'owned' | 'foreign' = status.ownership
const owned: boolean = status.owned_by_current_instance
const decision: OwnershipDecision = gw.decideRecord(null, 5)
if (decision.reason.kind === 'port_mismatch') {
  const recorded: number | null = decision.reason.recorded
  void recorded
}
const action: 'none' | 'refresh_pid' | 'claim' = decideOwnership({
  ownerText: null,
  signature: { port: 18789, openclawDir: '/x' },
  runtime: { running: false },
}).action
const agent: string | undefined | null = parseSessionKey('agent:main:main').agentId
const probe: Promise<{ port: number }> = probePortAsync(18789)

const state = new StateDir('/tmp/state')
const detail: SessionDetail = state.sessionDetail('agent:main:main', { historyLimit: 50, now: new Date() })
const text: string = state.sessionDetailText('agent:main:main')

const adapter: ClawPanelAdapter = createClawPanelAdapter({ openclawDir: '/tmp/x', cliPath: null })
const port: number = adapter.readGatewayPort()
const check: { running: boolean, pid: number | null, manageable: boolean } = adapter.checkGateway()
const err = adapter.foreignGatewayError(5)
const code: 'GATEWAY_FOREIGN' = err.code
const pids: number[] = adapter.parseWindowsListeningPids('', 18789)

// @ts-expect-error a port is a number, not a string
new Gateway({ port: '18789' })
// @ts-expect-error ownership is a closed union
const wrong: 'running' = status.ownership

void [ownership, owned, action, agent, probe, detail, text, port, check, code, pids, wrong]
