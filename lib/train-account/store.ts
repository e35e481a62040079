/**
 * The traveller's bound 12306 account: sealed credentials opened only at call time, and the login
 * session's upkeep. The provider client turns the opened credentials into 密文 per request.
 */
import 'server-only';
import { and, eq, lt } from 'drizzle-orm';
import { db } from '@/db/client';
import { trainAccounts, type TrainAccount } from '@/db/schema';
import { openPii } from '@/lib/crypto/pii';
import { env } from '@/lib/env';
import { ProviderError, type TicketProvider, type TrainAccountApi, type TrainCredentials } from '@/lib/provider';
import { configuredProviders, providerFor } from '@/lib/provider/registry';

/**
 * The provider 12306 accounts are bound with: the first configured one that can book with a
 * traveller's own account (capabilities.trainAccount). Bindings are only useful for its orders.
 */
export function accountProvider(): TicketProvider | null {
  return configuredProviders().find((p) => p.capabilities.trainAccount) ?? null;
}

/** Its 12306 account operations; a business ProviderError when no configured provider has them. */
export function accountProviderClient(): TrainAccountApi {
  const api = accountProvider()?.accounts ?? providerFor('panhe').accounts;
  if (!api) throw new ProviderError({ kind: 'business', message: '当前供应商不支持绑定 12306 账号', endpoint: null });
  return api;
}

/** The provider's session lasts about 10 h (panhe-train-api.md 账号登录: "建议最长不超过10小时"). */
export const SESSION_HOURS = 10;
/** Renewed by the worker once older than this, so it never runs out before it is needed. */
export const RENEW_AFTER_HOURS = 8;

export function credentialsOf(a: Pick<TrainAccount, 'accountEnc' | 'passwordEnc'>): TrainCredentials {
  return { trainAccount: openPii(a.accountEnc), trainPassword: openPii(a.passwordEnc) };
}

/** 12306 user names are not secret like passwords but still personal: shown as sa****23. */
export function maskAccount(account: string): string {
  const s = account.trim();
  if (s.length <= 4) return `${s.slice(0, 1)}***`;
  return `${s.slice(0, 2)}${'*'.repeat(Math.max(2, s.length - 4))}${s.slice(-2)}`;
}

export async function accountOf(userId: string): Promise<TrainAccount | null> {
  const [a] = await db().select().from(trainAccounts).where(eq(trainAccounts.userId, userId));
  return a ?? null;
}

/** The bound (logged-in) account of a traveller, or null: orders then use the platform's account. */
export async function boundAccountOf(userId: string): Promise<TrainAccount | null> {
  const a = await accountOf(userId);
  return a && a.status === 'bound' ? a : null;
}

/** A provider answer meaning the account is not (or no longer) logged in. */
export function isNotLoggedIn(message: string): boolean {
  return /未登录|登录已失效|登录失败/.test(message);
}

/**
 * 账号登录 again with the stored credentials. Success refreshes the session time; a refusal marks the
 * binding `relogin` (the traveller must bind again) and answers false. Transport failures throw.
 */
export async function renewLogin(accountId: string): Promise<boolean> {
  const [a] = await db().select().from(trainAccounts).where(eq(trainAccounts.id, accountId));
  if (!a || a.status === 'pending_sms') return false;
  try {
    await accountProviderClient().requireLogin(credentialsOf(a));
  } catch (e) {
    if (!(e instanceof ProviderError) || e.kind !== 'business') throw e;
    await db()
      .update(trainAccounts)
      .set({ status: 'relogin', lastMessage: e.message, updatedAt: new Date() })
      .where(eq(trainAccounts.id, a.id));
    return false;
  }
  await db()
    .update(trainAccounts)
    .set({ status: 'bound', loggedInAt: new Date(), lastMessage: null, updatedAt: new Date() })
    .where(eq(trainAccounts.id, a.id));
  return true;
}

/** The worker's job: renews every bound account whose login is older than RENEW_AFTER_HOURS. */
export async function renewDueLogins(now = new Date()): Promise<{ renewed: number; failed: number }> {
  const due = await db()
    .select({ id: trainAccounts.id })
    .from(trainAccounts)
    .where(
      and(
        eq(trainAccounts.status, 'bound'),
        lt(trainAccounts.loggedInAt, new Date(now.getTime() - RENEW_AFTER_HOURS * 3600_000)),
      ),
    )
    .limit(200);
  let renewed = 0;
  let failed = 0;
  for (const a of due) {
    if (await renewLogin(a.id)) renewed++;
    else failed++;
  }
  return { renewed, failed };
}

/** The platform's 12306 account (PROVIDER_TRAIN_ACCOUNT), for orders without a bound account. */
function platformCredentials(): TrainCredentials {
  const e = env();
  return { trainAccount: e.PROVIDER_TRAIN_ACCOUNT, trainPassword: e.PROVIDER_TRAIN_PASSWORD };
}

/** Thrown when an order's 12306 account can no longer be used: the traveller must bind it again. */
export const REBIND_MESSAGE = '12306 账号登录已失效，请在“12306 账号”页面重新绑定后再下单。';

/**
 * The credentials an order is placed with, opened at call time. An order made with a traveller's
 * account keeps to it: if that binding is gone or needs a new login, it answers null (re-bind).
 * A session close to its end is renewed first.
 */
export async function orderCredentials(order: {
  trainAccountId: string | null;
  trainAccountMasked: string | null;
}): Promise<TrainCredentials | null> {
  if (!order.trainAccountId) return order.trainAccountMasked ? null : platformCredentials();
  let [a] = await db().select().from(trainAccounts).where(eq(trainAccounts.id, order.trainAccountId));
  if (!a || a.status !== 'bound') return null;
  if (!a.loggedInAt || a.loggedInAt.getTime() < Date.now() - RENEW_AFTER_HOURS * 3600_000) {
    if (!(await renewLogin(a.id))) return null;
    [a] = await db().select().from(trainAccounts).where(eq(trainAccounts.id, order.trainAccountId));
    if (!a) return null;
  }
  return credentialsOf(a);
}
