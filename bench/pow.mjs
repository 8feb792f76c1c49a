// The proof of work a visitor's browser does, for the benchmarks that send forms.
import { createHash } from "node:crypto";

/** The nonce that solves the challenge `salt` at `difficulty` leading zero bits. */
export function solve(salt, difficulty) {
  for (let n = 0; ; n++) {
    const h = createHash("sha256").update(`${salt}:${n}`).digest();
    let bits = 0;
    for (const b of h) {
      if (b === 0) { bits += 8; continue; }
      bits += Math.clz32(b) - 24;
      break;
    }
    if (bits >= difficulty) return String(n);
  }
}
