// ESM entry of clawscope: `import { Gateway } from 'clawscope'`.
// The CommonJS entry (index.js: the napi-rs loader native.js plus two fast wrappers) is re-exported here with static
// names. test/exports.test.mjs checks that every export of index.js is re-exported here.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const native = require('./index.js')

export default native
export const version = native.version
export const errorCodes = native.errorCodes
export const Gateway = native.Gateway
export const decideOwnership = native.decideOwnership
export const parseOwnerRecord = native.parseOwnerRecord
export const probePort = native.probePort
export const probePortAsync = native.probePortAsync
export const parseListeners = native.parseListeners
export const listeningPids = native.listeningPids
export const discoverInstalls = native.discoverInstalls
export const gatewayEvidence = native.gatewayEvidence
export const gatewayEvidenceAsync = native.gatewayEvidenceAsync
export const foreignGatewayMessage = native.foreignGatewayMessage
export const foreignGatewayError = native.foreignGatewayError
export const parseSessionKey = native.parseSessionKey
export const StateDir = native.StateDir
