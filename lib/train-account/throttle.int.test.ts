/**
 * Issue 23 #10: linking a 12306 account relayed every typed login to the provider with no limit. The
 * throttle counts failed checks per traveller and per 12306 username (TRAIN_LOGIN_LIMIT, default 10 an
 * hour); a passing login gives its point back. Against the real sandbox's account endpoints.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { env } from '@/lib/env';
import { newTraveller } from '@/lib/orders/harness.int';
import type { RunningSandbox } from '@/sandbox/server';
import { startTestSandbox } from '@/sandbox/testing.int';
import { registerAccount } from './harness.int';
import { bindAccountDef, verifySmsDef } from './service';

let sandbox: RunningSandbox;
let sql: postgres.Sql;

const registered = (who: SessionUser) => registerAccount(who, { name: '限流' });

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  process.env.PROVIDER_BASE_URL = sandbox.url;
  process.env.PORTAL_PUBLIC_URL = 'http://127.0.0.1:9';
  sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
}, 120_000);
afterAll(async () => {
  await sql?.end();
  await sandbox?.stop();
});

describe('12306 login throttle', () => {
  it('refuses a traveller after the limit of wrong logins, even with the right password; then the username for everyone', async () => {
    const limit = env().TRAIN_LOGIN_LIMIT;
    const guesser = await newTraveller('guesser');
    const { account, password } = await registered(guesser);
    for (let i = 0; i < limit; i++) {
      const r = await runGuarded(bindAccountDef, guesser, { account, password: `wrong_${i}` });
      expect(r, `attempt ${i + 1}`).toMatchObject({ ok: false, code: 'validation' });
    }
    const refused = await runGuarded(bindAccountDef, guesser, { account, password });
    expect(refused).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(!refused.ok && refused.message).toMatch(/验证尝试过多，请 \d+ 分钟后再试/);

    // Another portal account cannot take over the guessing of that username…
    const helper = await newTraveller('helper');
    const viaHelper = await runGuarded(bindAccountDef, helper, { account, password: 'wrong_x' });
    expect(viaHelper).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(!viaHelper.ok && viaHelper.message).toMatch(/该 12306 账号/);
    // …and the guesser cannot move on to another username.
    const other = await registered(helper);
    expect(await runGuarded(bindAccountDef, guesser, { account: other.account, password: 'wrong_y' })).toMatchObject({
      ok: false,
      code: 'rate_limited',
    });
    // The helper's own refused attempt was given back: it may still bind another username normally.
    const helperOwn = await runGuarded(bindAccountDef, helper, { account: other.account, password: other.password });
    expect(helperOwn).toMatchObject({ ok: true, data: { step: 'sms' } });
  });

  it('counts only failures: a login that passes and its right SMS code give their points back', async () => {
    const me = await newTraveller('ok');
    const { account, password } = await registered(me);
    expect(await runGuarded(bindAccountDef, me, { account, password: 'wrong_1' })).toMatchObject({ ok: false });
    expect(await runGuarded(bindAccountDef, me, { account, password })).toMatchObject({
      ok: true,
      data: { step: 'sms' },
    });
    expect(await runGuarded(verifySmsDef, me, { code: '000000' })).toMatchObject({ ok: false });
    expect(await runGuarded(verifySmsDef, me, { code: '123456' })).toMatchObject({ ok: true });
    const [row] = await sql<{ points: number }[]>`select points from rate_limits where key = ${`12306-user:${me.id}`}`;
    // The wrong password and the wrong code.
    expect(row?.points).toBe(2);
  });
});
