/**
 * Readiness (lib/ops/health.ts and app/api/ready; here in tests/ because it calls the route) against the real database and a real sandbox over
 * HTTP: each of the four checks turns false when its dependency is missing, and true when it is back.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as ready } from '@/app/api/ready/route';
import { db } from '@/db/client';
import { CLIENT_ADDRESS_HEADER } from '@/lib/auth/client-address';
import { startTestSandbox } from '@/sandbox/testing.int';
import type { RunningSandbox } from '@/sandbox/server';
import { freePort } from '@/tests/support/net';
import { beat, HEARTBEAT_STALE_MS, startHeartbeat } from '@/lib/ops/heartbeat';
import { latestCommittedMigration, readiness } from '@/lib/ops/health';

let sandbox: RunningSandbox;
const saved = { panhe: process.env.PROVIDER_BASE_URL, juhe: process.env.JUHE_BASE_URL };

const check = async (name: string) => (await readiness()).checks.find((c) => c.name === name)!;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  process.env.PROVIDER_BASE_URL = sandbox.url;
  process.env.JUHE_BASE_URL = `${sandbox.url}/trainTickets`;
  await db().execute(sql`delete from worker_heartbeats`);
});
afterAll(async () => {
  await db().execute(sql`delete from worker_heartbeats`);
  process.env.PROVIDER_BASE_URL = saved.panhe;
  process.env.JUHE_BASE_URL = saved.juhe;
  await sandbox.stop();
});

describe('readiness', () => {
  it('is not ready without a worker heartbeat, nor with a stale one; ready with a fresh one', async () => {
    let r = await readiness();
    expect(r.ready).toBe(false);
    expect(r.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['worker']);

    await db().execute(
      sql`insert into worker_heartbeats (worker_id, beat_at)
          values ('gone:1', now() - make_interval(secs => ${HEARTBEAT_STALE_MS / 1000 + 5}))`,
    );
    expect((await check('worker')).ok).toBe(false);

    await beat('test:1');
    r = await readiness();
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([
      ['database', true],
      ['migrations', true],
      ['worker', true],
      ['provider', true],
    ]);
    expect(r.ready).toBe(true);
  });

  it('a stopped heartbeat removes its row (a clean worker stop is not mistaken for a live one)', async () => {
    await db().execute(sql`delete from worker_heartbeats`);
    const stop = await startHeartbeat('test:2');
    expect((await check('worker')).ok).toBe(true);
    await stop();
    expect((await check('worker')).ok).toBe(false);
    await beat('test:1');
  });

  it('is not ready while the newest committed migration is not applied', async () => {
    const want = latestCommittedMigration();
    // The newest applied row made to look older than the newest committed migration, then restored.
    await db().execute(
      sql`update drizzle.__drizzle_migrations set created_at = created_at - 1 where created_at = ${want.when}`,
    );
    try {
      const c = await check('migrations');
      expect(c.ok).toBe(false);
      expect(c.detail).toContain(want.tag);
    } finally {
      await db().execute(
        sql`update drizzle.__drizzle_migrations set created_at = ${want.when} where created_at = ${want.when - 1}`,
      );
    }
    expect((await check('migrations')).ok).toBe(true);
  });

  it('is not ready when a configured provider does not answer', async () => {
    process.env.JUHE_BASE_URL = `http://127.0.0.1:${await freePort()}/trainTickets`;
    try {
      const c = await check('provider');
      expect(c.ok).toBe(false);
      expect(c.detail).toMatch(/juhe unreachable/);
      expect(c.detail).toMatch(/panhe answered \d{3}/);
    } finally {
      process.env.JUHE_BASE_URL = `${sandbox.url}/trainTickets`;
    }
    expect((await check('provider')).ok).toBe(true);
  });

  it('GET /api/ready: 200 when ready, 503 when not; details to the loopback only', async () => {
    await beat('test:1');
    const local = new Request('http://portal/api/ready', { headers: { [CLIENT_ADDRESS_HEADER]: '127.0.0.1' } });
    let res = await ready(local);
    expect(res.status).toBe(200);
    let body = (await res.json()) as { ready: boolean; checks: { name: string; ok: boolean; detail?: string }[] };
    expect(body.ready).toBe(true);
    expect(body.checks.every((c) => typeof c.detail === 'string')).toBe(true);

    await db().execute(sql`delete from worker_heartbeats`);
    const remote = new Request('http://portal/api/ready', { headers: { [CLIENT_ADDRESS_HEADER]: '203.0.113.9' } });
    res = await ready(remote);
    expect(res.status).toBe(503);
    body = (await res.json()) as typeof body;
    expect(body.ready).toBe(false);
    expect(body.checks.find((c) => c.name === 'worker')).toEqual({ name: 'worker', ok: false });
    expect(body.checks.some((c) => 'detail' in c)).toBe(false);
  });
});
