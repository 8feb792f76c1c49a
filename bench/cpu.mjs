// The workerd processes' CPU time, for the benches that count the runtime's cost per
// request (bench/api.mjs, bench/stamp.mjs).
import { readFileSync, readdirSync } from "node:fs";

/** CPU time used so far by every workerd process (the runtime: the Worker, its D1, KV
 * and R2), in milliseconds: a cost per request that other work on the machine does not skew. */
export function workerdCpu() {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    if (!stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")).startsWith("workerd")) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / 100;
}
