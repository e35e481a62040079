/**
 * The sandbox's wire fronts: the same engine, inventory, clock and faults behind two provider
 * protocols. `panhe` (POST /train/<name>, JSON) and `juhe` (GET|POST /trainTickets/<name>, form
 * fields; sandbox/juhe). SANDBOX_FRONTS picks which ones a process serves.
 */
export const FRONTS = ['panhe', 'juhe'] as const;
export type Front = (typeof FRONTS)[number];

export const isFront = (s: unknown): s is Front => FRONTS.includes(s as Front);

/** "panhe,juhe" → the fronts named (unknown names refused by the caller's schema). */
export function parseFronts(s: string): Front[] {
  const names = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return FRONTS.filter((f) => names.includes(f));
}
