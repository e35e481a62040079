/**
 * 12306 accounts for the integration tests, at the sandbox: a new account registered for a traveller,
 * and one bound to the traveller (the password checked and the SMS step done).
 */
import crypto from 'node:crypto';
import { expect } from 'vitest';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { uniqueIdCard } from '@/lib/orders/harness.int';
import { bindAccountDef, registerDef, verifySmsDef } from './service';

export interface NewAccount {
  /** The holder's name. */
  name: string;
  /** The holder's ID number (default: a new unique one). */
  idNo?: string;
}

/** A fresh account registered at the sandbox by `user`, so counts of other files never mix in. */
export async function registerAccount(
  user: SessionUser,
  o: NewAccount,
): Promise<{ account: string; password: string }> {
  const account = `a${crypto.randomBytes(5).toString('hex')}`;
  const password = `pw_${crypto.randomBytes(4).toString('hex')}`;
  const reg = await runGuarded(registerDef, user, {
    account,
    password,
    name: o.name,
    idType: '1',
    idNo: o.idNo ?? uniqueIdCard(),
    mobile: `136${String(crypto.randomInt(1e8)).padStart(8, '0')}`,
    msgCode: '123456',
  });
  expect(reg.ok, JSON.stringify(reg)).toBe(true);
  return { account, password };
}

/** A fresh account, bound to `user` and logged in now (on the provider's clock). */
export async function bindNewAccount(user: SessionUser, o: NewAccount): Promise<{ account: string; password: string }> {
  const creds = await registerAccount(user, o);
  expect((await runGuarded(bindAccountDef, user, creds)).ok).toBe(true);
  expect((await runGuarded(verifySmsDef, user, { code: '123456' })).ok).toBe(true);
  return creds;
}
