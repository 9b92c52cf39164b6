// B3 baseline: listing sessions the dashboards' way: read every agents/<id>/sessions/sessions.json and
// JSON.parse it, collecting one row per key (key, agent, sessionId, updatedAt), sorted by updatedAt desc.
// Usage: node b3_list.mjs <stateDir> <repeats>   → prints {ms: [..], hwmKib, count}
import fs from "node:fs";
import path from "node:path";

function hwmKib() {
  const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) : 0;
}

function list(root) {
  const rows = [];
  const agentsDir = path.join(root, "agents");
  for (const agent of fs.readdirSync(agentsDir)) {
    const file = path.join(agentsDir, agent, "sessions", "sessions.json");
    let store;
    try { store = JSON.parse(fs.readFileSync(file, "utf8")); } catch { continue; }
    for (const [key, entry] of Object.entries(store)) {
      rows.push({ key, agent, sessionId: entry.sessionId, updatedAt: entry.updatedAt ?? 0 });
    }
  }
  rows.sort((a, b) => b.updatedAt - a.updatedAt);
  return rows;
}

const [root, repeatsText] = process.argv.slice(2);
const ms = [];
let count = 0;
for (let i = 0; i < Number(repeatsText || "5"); i++) {
  const t0 = process.hrtime.bigint();
  count = list(root).length;
  ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
console.log(JSON.stringify({ ms, hwmKib: hwmKib(), count }));
