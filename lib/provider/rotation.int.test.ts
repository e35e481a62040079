/**
 * Rotation (rotation.ts) and the admin action on it (lib/admin/providers.ts) against the real,
 * migrated Postgres: no row means in rotation, the in-process cache, the last provider kept in, and
 * the action's authorization per role.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { providerSettings, users } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { setRotationDef } from '@/lib/admin/providers';
import type { SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { configuredProviders } from './registry';
import {
  invalidateRotation,
  LAST_IN_ROTATION_MESSAGE,
  providersInRotation,
  ROTATION_CACHE_MS,
  rotationOverview,
  setRotation,
} from './rotation';

async function newUser(role: SessionUser['role']): Promise<SessionUser> {
  const [u] = await db()
    .insert(users)
    .values({
      email: `rot-${role}-${Date.now()}${Math.floor(Math.random() * 1e6)}@example.test`,
      passwordHash: 'x',
      displayName: `轮换${role}`,
      role,
    })
    .returning({ id: users.id, email: users.email, role: users.role, name: users.displayName });
  return u!;
}

const ids = async () => (await providersInRotation()).map((p) => p.id);

beforeEach(async () => {
  await db().delete(providerSettings);
  invalidateRotation();
});
afterAll(async () => {
  await db().delete(providerSettings);
  invalidateRotation();
});

describe('providersInRotation', () => {
  it('no row means in rotation: every configured provider, in PROVIDERS order', async () => {
    expect(configuredProviders().map((p) => p.id)).toEqual(['panhe', 'juhe']);
    expect(await ids()).toEqual(['panhe', 'juhe']);
  });

  it('leaves out a provider taken out, with the note, who and when; puts it back', async () => {
    const admin = await newUser('admin');
    await setRotation('panhe', false, '盘河接口维护', admin.id);
    expect(await ids()).toEqual(['juhe']);
    const [panhe] = await rotationOverview();
    expect(panhe).toMatchObject({ inRotation: false, note: '盘河接口维护', updatedBy: admin.id });
    expect(Date.now() - panhe!.updatedAt!.getTime()).toBeLessThan(60_000);
    await setRotation('panhe', true, null, admin.id);
    expect(await ids()).toEqual(['panhe', 'juhe']);
  });

  it("reads the rows once per ROTATION_CACHE_MS: another process's change shows within the window", async () => {
    expect(await ids()).toEqual(['panhe', 'juhe']);
    // Another instance writes (this process's cache is not told).
    await db().insert(providerSettings).values({ provider: 'juhe', inRotation: false, note: 'x' });
    expect(await ids()).toEqual(['panhe', 'juhe']);
    await new Promise((r) => setTimeout(r, ROTATION_CACHE_MS + 50));
    expect(await ids()).toEqual(['panhe']);
  });

  it('refuses to take out the last provider in rotation, also when two admins race', async () => {
    const admin = await newUser('admin');
    await setRotation('juhe', false, '聚合数据对账中', admin.id);
    const e = await setRotation('panhe', false, '维护', admin.id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'conflict', status: 409, message: LAST_IN_ROTATION_MESSAGE });
    expect(await ids()).toEqual(['panhe']);

    await setRotation('juhe', true, null, admin.id);
    const both = await Promise.allSettled([
      setRotation('panhe', false, 'a', admin.id),
      setRotation('juhe', false, 'b', admin.id),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await ids()).toHaveLength(1);
    const [{ n }] = (await db().execute(
      sql`select count(*)::int as n from provider_settings where in_rotation = false`,
    )) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });
});

describe('the rotation action (lib/admin/providers.ts setRotationDef)', () => {
  it('is refused to the signed-out, travellers and agents, and changes nothing', async () => {
    const input = { provider: 'panhe', inRotation: 'false', note: '试图移出' };
    expect(await runGuarded(setRotationDef, null, input)).toMatchObject({ ok: false, code: 'unauthenticated' });
    for (const role of ['traveller', 'agent'] as const) {
      expect(await runGuarded(setRotationDef, await newUser(role), input)).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
    }
    expect(await db().select().from(providerSettings)).toEqual([]);
  });

  it('an admin takes a provider out (note required) and puts it back; bad input is a validation error', async () => {
    const admin = await newUser('admin');
    expect(await runGuarded(setRotationDef, admin, { provider: 'panhe', inRotation: 'false' })).toMatchObject({
      ok: false,
      code: 'validation',
      fieldErrors: { note: ['请说明移出轮换的原因。'] },
    });
    for (const bad of [{ provider: 'nope', inRotation: 'false', note: 'x' }, { provider: 'panhe' }, 'x', null]) {
      expect(await runGuarded(setRotationDef, admin, bad)).toMatchObject({ ok: false, code: 'validation' });
    }
    const form = new FormData();
    form.set('provider', 'panhe');
    form.set('inRotation', 'false');
    form.set('note', '  盘河故障  ');
    expect(await runGuarded(setRotationDef, admin, form)).toEqual({
      ok: true,
      data: { provider: 'panhe', inRotation: false },
    });
    expect((await rotationOverview())[0]).toMatchObject({ inRotation: false, note: '盘河故障' });
    expect(await ids()).toEqual(['juhe']);
    // The last one in rotation: a conflict with a clear message, not a 500.
    expect(await runGuarded(setRotationDef, admin, { provider: 'juhe', inRotation: 'false', note: '也移出' })).toEqual({
      ok: false,
      code: 'conflict',
      message: LAST_IN_ROTATION_MESSAGE,
    });
    expect(await runGuarded(setRotationDef, admin, { provider: 'panhe', inRotation: 'true' })).toMatchObject({
      ok: true,
    });
    expect(await ids()).toEqual(['panhe', 'juhe']);
  });
});
