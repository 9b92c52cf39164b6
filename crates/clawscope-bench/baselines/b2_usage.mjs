// B2 baseline: the control center's usage scan (control-center-session-detail.md §5): every *.jsonl of every
// agent is read with readline, each line JSON.parse'd; assistant messages with a usage object are summed
// (tokens = totalTokens if > 0, else input + output + cacheRead + cacheWrite; cost = usage.cost.total).
// Usage: node b2_usage.mjs <stateDir>   → prints one JSON line {ms, hwmKib, events, tokens, cost, bytes}
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";

function hwmKib() {
  const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) : 0;
}

async function scanFile(file, acc) {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let entry;
    try { entry = JSON.parse(line); } catch { acc.errors++; continue; }
    if (entry?.type !== "message") continue;
    const msg = entry.message;
    if (!msg || msg.role !== "assistant" || !msg.usage || typeof msg.usage !== "object") continue;
    const u = msg.usage;
    const total = Number(u.totalTokens) > 0 ? Number(u.totalTokens)
      : (Number(u.input) || 0) + (Number(u.output) || 0) + (Number(u.cacheRead) || 0) + (Number(u.cacheWrite) || 0);
    acc.tokens += total;
    acc.cost += Number(u.cost?.total) || 0;
    acc.events++;
  }
}

const root = process.argv[2];
const t0 = process.hrtime.bigint();
const acc = { tokens: 0, cost: 0, events: 0, errors: 0, bytes: 0 };
const agentsDir = path.join(root, "agents");
for (const agent of fs.readdirSync(agentsDir)) {
  const dir = path.join(agentsDir, agent, "sessions");
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith(".jsonl")) continue;
    const file = path.join(dir, name);
    acc.bytes += fs.statSync(file).size;
    await scanFile(file, acc);
  }
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(JSON.stringify({ ms, hwmKib: hwmKib(), ...acc }));
