/** What the single-purpose benches (agency-orders, recon, network) time their calls with. */

/** The `p`th percentile of `xs` (ms), to 0.01 ms. */
export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
}

/** Calls `fn` `rounds` times, one after another; answers each call's time (ms). */
export async function timeCalls(rounds: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  return times;
}
