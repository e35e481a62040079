/**
 * Fuzz every route handler and server action of the build (issue 31, "Attack it"): the targets come
 * from the build's manifests (tests/support/fuzz.ts `readTargets`), never from a list kept by hand; a
 * run without a build fails here saying so. Each target gets generated bad input (fast-check, seeded:
 * hostile strings, huge and deep bodies, wrong types, missing fields; route handlers by every method
 * with bad path segments and query strings; server actions with bad argument bodies, same-origin).
 * Expected of every answer: below 500, and no stack trace, source path or SQL error in the body; and no
 * business row changed (a checksum of every table but the logs and caches, before and after).
 * Bounded: FUZZ_RUNS cases per target (default 12) and a FUZZ_BUDGET_S time budget (default 180).
 * Anonymous caller: most targets answer 401/403 before parsing, which is itself checked; the pass per
 * signed-in role is e2e/fuzz-signed.spec.ts.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { fillPath, fuzzActionBody, fuzzBody, fuzzQuery, readTargets } from '../tests/support/fuzz';
import {
  changedTables,
  checksum,
  settledChecksum,
  forgetNewRateLimits,
  judgeInto,
  rateLimitKeys,
  send,
  type Finding,
} from './fuzz-support';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_S ?? 180) * 1000;

test('fuzz: every route handler and server action answers bad input with a clear 4xx, never 5xx, and changes no row', async ({
  request,
  baseURL,
}) => {
  test.setTimeout(BUDGET_MS + 120_000);
  const targets = readTargets(process.cwd());
  expect(targets.routes.length, 'route handlers in the build manifest').toBeGreaterThan(5);
  expect(targets.actions.length, 'server actions in the build manifest').toBeGreaterThan(5);

  const before = await settledChecksum();
  const throttleKeys = await rateLimitKeys();
  const findings: Finding[] = [];
  let sent = 0;
  const start = Date.now();
  const inBudget = () => Date.now() - start < BUDGET_MS;
  const judgeOne = judgeInto(findings);
  const judge = (target: string, r: { status: number; text: string }) => {
    sent++;
    judgeOne(target, r);
  };

  // Route handlers (next-auth's own routes are next-auth's: fuzzed like the rest, same expectations).
  const segments = fc.sample(
    fc.constantFrom('x', '0', '-1', '../admin', '%', '00000000-0000-0000-0000-000000000000', '𠮷'),
    {
      numRuns: RUNS,
      seed: 31,
    },
  );
  const bodies = fc.sample(fuzzBody, { numRuns: RUNS, seed: 31 });
  const queries = fc.sample(fuzzQuery, { numRuns: RUNS, seed: 31 });
  for (const route of targets.routes) {
    for (let i = 0; i < RUNS && inBudget(); i++) {
      const url = `${fillPath(route, segments[i]!)}?${queries[i]!}`;
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
        judge(
          `${method} ${route}`,
          await send(request, method, url, method === 'GET' ? null : bodies[i]!, { origin: baseURL! }),
        );
    }
  }

  // Server actions: POST to a page with the action's id, from the portal's own origin.
  const actionBodies = fc.sample(fuzzActionBody, { numRuns: RUNS, seed: 31 });
  for (const id of targets.actions) {
    for (let i = 0; i < RUNS && inBudget(); i++)
      judge(
        `action ${id}`,
        await send(request, 'POST', '/', actionBodies[i]!, { 'next-action': id, origin: baseURL! }),
      );
  }

  const after = await checksum();
  // The throttle rows the run's refused requests created go again: the specs after this one sign in
  // from the same address.
  await forgetNewRateLimits(throttleKeys);
  const changed = changedTables(before, after);
  console.log(
    `[fuzz] ${sent} requests to ${targets.routes.length} route handlers and ${targets.actions.length} server actions in ${Math.round((Date.now() - start) / 1000)} s; ${findings.length} findings; changed tables: ${changed.join(', ') || 'none'}`,
  );
  expect(findings, findings.map((f) => `${f.target}: ${f.problem}`).join('\n')).toEqual([]);
  expect(changed, 'tables whose rows the fuzz run changed').toEqual([]);
});
