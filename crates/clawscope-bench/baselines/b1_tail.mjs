// B1 baseline: the control center's way of reading session history (control-center-session-detail.md §4):
// read the .jsonl backwards in 64 KiB chunks until max(limit*8, 80) newlines are seen, drop the partial first
// line, keep the last `limit` non-empty raw lines and JSON.parse each one.
// Usage: node b1_tail.mjs <file> <limit> <repeats>   → prints one JSON line {ms: [..], hwmKib, count}
import fs from "node:fs";

function readRecent(file, limit) {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const want = Math.max(limit * 8, 80);
    const chunk = 64 * 1024;
    let pos = size;
    let text = "";
    let newlines = 0;
    while (pos > 0 && newlines < want) {
      const len = Math.min(chunk, pos);
      pos -= len;
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, pos);
      const part = buf.toString("utf8");
      for (let i = 0; i < part.length; i++) if (part.charCodeAt(i) === 10) newlines++;
      text = part + text;
    }
    let lines = text.split("\n");
    if (pos > 0) lines = lines.slice(1); // partial first line
    lines = lines.filter((l) => l.trim().length > 0).slice(-limit);
    return lines.map((l) => {
      try { return JSON.parse(l); } catch { return l; }
    });
  } finally {
    fs.closeSync(fd);
  }
}

function hwmKib() {
  const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) : 0;
}

const [file, limitText, repeatsText] = process.argv.slice(2);
const limit = Number(limitText);
const repeats = Number(repeatsText || "5");
const startHwm = hwmKib();
const ms = [];
let count = 0;
for (let i = 0; i < repeats; i++) {
  const t0 = process.hrtime.bigint();
  count = readRecent(file, limit).length;
  ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
console.log(JSON.stringify({ ms, hwmKib: hwmKib(), startHwmKib: startHwm, count }));
