/**
 * One invariant's outcome in an audit (the order, ledger and grab auditors, lib/root/audit.ts): how
 * many things it checked, how many broke it, and the first few examples.
 */
export interface InvariantResult {
  name: string;
  checked: number;
  violated: number;
  examples: string[];
}

export function invariant(name: string): InvariantResult {
  return { name, checked: 0, violated: 0, examples: [] };
}

/** Counts a violation; keeps the first five examples. */
export function violate(r: InvariantResult, example: string): void {
  r.violated++;
  if (r.examples.length < 5) r.examples.push(example);
}

export function formatAudit(results: InvariantResult[]): string {
  return results
    .map(
      (r) =>
        `${r.violated ? 'FAIL' : 'ok  '} ${r.name}: ${r.checked} checked, ${r.violated} violated${
          r.examples.length ? `\n       e.g. ${r.examples.join('\n            ')}` : ''
        }`,
    )
    .join('\n');
}
