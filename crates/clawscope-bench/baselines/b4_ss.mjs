// B4 baseline: ClawPanel's Linux gateway check (clawpanel-gateway.md §3.1, level 1): run
// `ss -tlnp 'sport = :PORT' 2>/dev/null` through a shell with a 3 s timeout and take the first /pid=(\d+)/.
// Usage: node b4_ss.mjs <port> <repeats>   → prints {ms: [..], hwmKib, count, pids}
import { execSync } from "node:child_process";
import fs from "node:fs";

function hwmKib() {
  const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) : 0;
}

function check(port) {
  let out = "";
  try {
    out = execSync(`ss -tlnp 'sport = :${port}' 2>/dev/null`, { timeout: 3000, encoding: "utf8" });
  } catch {
    return null;
  }
  const m = /pid=(\d+)/.exec(out);
  return m ? Number(m[1]) : null;
}

const [port, repeatsText] = process.argv.slice(2);
const ms = [];
let pid = null;
for (let i = 0; i < Number(repeatsText || "20"); i++) {
  const t0 = process.hrtime.bigint();
  pid = check(Number(port));
  ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
console.log(JSON.stringify({ ms, hwmKib: hwmKib(), count: pid ? 1 : 0, pids: pid ? [pid] : [] }));
