// ESM entry of clawscope/clawpanel: `import { createClawPanelAdapter } from 'clawscope/clawpanel'`.
// The implementation is CommonJS (clawpanel.cjs) because the native loader is; this file re-exports it.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const adapter = require('./clawpanel.cjs')

export const createClawPanelAdapter = adapter.createClawPanelAdapter
export default adapter
