/**
 * Binding a traveller's 12306 account: 账号登录 (with the SMS step or the last 4 digits of the ID
 * when 12306 asks), 人脸认证, 账号注册, 找回密码 and 修改密码 (two steps each), unbind. Credentials
 * are sealed before they are stored and never appear in a message, a log line or an answer.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { trainAccounts } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { AREA_ROLES, type SessionUser } from '@/lib/auth/roles';
import { sealPii } from '@/lib/crypto/pii';
import { ID_TYPES, type IdType } from '@/lib/domain/passenger';
import { AppError } from '@/lib/errors';
import { detachAccountPassengers } from '@/lib/passengers/service';
import { ProviderError } from '@/lib/provider';
import { refineRegistration, registrationDetailFields, registrationDetails } from './registration';
import { accountOf, accountProviderClient, credentialsOf, maskAccount } from './store';
import { trainLoginThrottle } from './throttle';

export interface AccountView {
  account: string;
  status: 'pending_sms' | 'bound' | 'relogin';
  message: string | null;
  loggedInAt: string | null;
  faceVerifiedAt: string | null;
}

export async function accountView(userId: string): Promise<AccountView | null> {
  const a = await accountOf(userId);
  if (!a) return null;
  return {
    account: a.accountMasked,
    status: a.status as AccountView['status'],
    message: a.lastMessage,
    loggedInAt: a.loggedInAt?.toISOString() ?? null,
    faceVerifiedAt: a.faceVerifiedAt?.toISOString() ?? null,
  };
}

/** Provider refusals in plain words, as field errors where they belong. */
function providerFailure(e: unknown, field?: string): never {
  if (e instanceof ProviderError && e.kind === 'business') {
    const msg = e.message;
    const f = field ?? (/密码/.test(msg) ? 'password' : /用户名|账号/.test(msg) ? 'account' : undefined);
    throw new AppError('validation', `12306 未通过：${msg}`, f ? { [f]: [msg] } : undefined);
  }
  if (e instanceof ProviderError) throw new AppError('upstream', '暂时无法连接 12306，请稍后重试。');
  throw e;
}

/**
 * One provider check of a secret (a code, an old password) under the 12306 login throttle: a point is
 * taken from the traveller and the username before the call and given back when the check passes or
 * never reached 12306, so only failed checks count.
 */
async function checked<T>(
  userId: string,
  account: string | undefined,
  call: () => Promise<T>,
  field: string,
): Promise<T> {
  const attempt = await trainLoginThrottle().attempt(userId, account);
  let result: T;
  try {
    result = await call();
  } catch (e) {
    if (!(e instanceof ProviderError && e.kind === 'business')) await attempt.passed();
    providerFailure(e, field);
  }
  await attempt.passed();
  return result;
}

const accountName = z.string().trim().min(1, '请输入 12306 用户名。').max(40, '用户名过长。');
const trainPassword = z.string().min(1, '请输入 12306 密码。').max(40, '密码过长。');
const newPassword = z
  .string()
  .min(6, '新密码不少于 6 位。')
  .max(40, '密码过长。')
  .refine(
    (p) => /^[A-Za-z0-9_]+$/.test(p) && [/[A-Za-z]/, /\d/, /_/].filter((r) => r.test(p)).length >= 2,
    '密码只能包含字母、数字、下划线，且至少包含其中两种。',
  );
const smsCode = z
  .string()
  .trim()
  .regex(/^\d{4,8}$/, '请输入短信验证码。');

export type BindResult = { step: 'bound' } | { step: 'sms' | 'lastDigits'; message: string };

const bindSchema = z.object({
  account: accountName,
  password: trainPassword,
  lastDigits: z
    .string()
    .trim()
    .regex(/^[0-9Xx]{4}$/, '请输入证件号码后 4 位。')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

async function storeAccount(userId: string, account: string, password: string, status: string, message: string | null) {
  const values = {
    accountEnc: sealPii(account),
    passwordEnc: sealPii(password),
    accountMasked: maskAccount(account),
    status,
    lastMessage: message,
    loggedInAt: status === 'bound' ? new Date() : null,
    updatedAt: new Date(),
  };
  await db()
    .insert(trainAccounts)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: trainAccounts.userId, set: values });
}

export async function bindAccount(user: SessionUser, input: z.output<typeof bindSchema>): Promise<BindResult> {
  const existing = await accountOf(user.id);
  if (existing?.status === 'bound') throw new AppError('conflict', '已绑定 12306 账号：请先解除绑定。');
  // Throttled per traveller and per username (throttle.ts): only logins 12306 refused count.
  const attempt = await trainLoginThrottle().attempt(user.id, input.account);
  let answer: { isPass: boolean | null; errorMsg: string | null };
  try {
    const r = await accountProviderClient().login(
      { trainAccount: input.account, trainPassword: input.password },
      input.lastDigits,
    );
    answer = { isPass: r.isPass ?? null, errorMsg: r.errorMsg ?? null };
  } catch (e) {
    if (!(e instanceof ProviderError && e.kind === 'business')) await attempt.passed();
    providerFailure(e);
  }
  if (answer.isPass === true) {
    await attempt.passed();
    await storeAccount(user.id, input.account, input.password, 'bound', null);
    return { step: 'bound' };
  }
  const message = answer.errorMsg || '12306 要求进一步验证。';
  // The last 4 ID digits are a guess too: that step keeps its point.
  if (/后4位|后四位/.test(message)) return { step: 'lastDigits', message };
  if (/短信/.test(message)) {
    // The password was right; the SMS code that follows is checked (and counted) by verifySms.
    await attempt.passed();
    // Kept sealed until the SMS code arrives: the second step needs the same credentials.
    await storeAccount(user.id, input.account, input.password, 'pending_sms', message);
    return { step: 'sms', message };
  }
  throw new AppError('validation', `12306 未通过：${message}`);
}

const verifySchema = z.object({ code: smsCode });

export async function verifySms(user: SessionUser, code: string): Promise<BindResult> {
  const a = await accountOf(user.id);
  if (!a || a.status !== 'pending_sms') throw new AppError('conflict', '没有等待短信验证的登录，请重新输入账号密码。');
  const credentials = credentialsOf(a);
  await checked(
    user.id,
    credentials.trainAccount,
    () => accountProviderClient().verifyLogin(credentials, code),
    'code',
  );
  await db()
    .update(trainAccounts)
    .set({ status: 'bound', loggedInAt: new Date(), lastMessage: null, updatedAt: new Date() })
    .where(eq(trainAccounts.id, a.id));
  return { step: 'bound' };
}

export async function unbind(user: SessionUser): Promise<{ unbound: true }> {
  const a = await accountOf(user.id);
  if (!a) return { unbound: true };
  await detachAccountPassengers(a.id);
  await db().delete(trainAccounts).where(eq(trainAccounts.id, a.id));
  return { unbound: true };
}

const faceSchema = z.object({
  photo: z
    .string()
    .min(1, '请选择照片。')
    .max(140_000, '照片不能超过 100 KB。')
    .regex(/^[A-Za-z0-9+/=]+$/, '照片格式无效。'),
});

export async function faceAuth(user: SessionUser, photo: string): Promise<{ verified: true }> {
  const a = await accountOf(user.id);
  if (!a || a.status !== 'bound') throw new AppError('conflict', '请先绑定 12306 账号。');
  try {
    await accountProviderClient().faceAuth(credentialsOf(a), [photo]);
  } catch (e) {
    providerFailure(e, 'photo');
  }
  await db()
    .update(trainAccounts)
    .set({ faceVerifiedAt: new Date(), updatedAt: new Date() })
    .where(eq(trainAccounts.id, a.id));
  return { verified: true };
}

const idTypeEnum = z.enum(ID_TYPES.map((t) => t.value) as [IdType, ...IdType[]], { message: '请选择证件类型。' });
const mobile = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号应为 11 位数字。');

const registerSchema = z
  .object({
    account: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z0-9_]{5,29}$/, '用户名须为 6-30 位字母、数字或下划线，且以字母开头。'),
    password: newPassword,
    name: z.string().trim().min(2, '请输入姓名。').max(30, '姓名过长。'),
    idType: idTypeEnum,
    idNo: z.string().trim().toUpperCase().min(5, '请输入证件号码。').max(30, '证件号码过长。'),
    mobile,
    msgCode: smsCode,
    // passengerType and the card type's document details (registration.ts, panhe-train-api.md l.301-306).
    ...registrationDetailFields,
  })
  .superRefine(refineRegistration);

export async function register(input: z.output<typeof registerSchema>): Promise<{ note: string }> {
  let r;
  try {
    r = await accountProviderClient().register({
      trainAccount: input.account,
      trainPassword: input.password,
      name: input.name,
      cardType: Number(input.idType),
      cardNo: input.idNo,
      mobile: input.mobile,
      smsCode: input.msgCode,
      ...registrationDetails(input),
    });
  } catch (e) {
    providerFailure(e);
  }
  if (!r.passed) throw new AppError('validation', `12306 未通过注册：${r.note ?? ''}`);
  return { note: r.note ?? '注册成功。' };
}

const forgotCodeSchema = z.object({ idType: idTypeEnum, idNo: z.string().trim().toUpperCase().min(5).max(30), mobile });
const forgotResetSchema = z
  .object({
    requestId: z.string().regex(/^[A-Za-z0-9]{8,64}$/, '请先获取验证码。'),
    password: newPassword,
    confirm: z.string(),
    code: smsCode,
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: '两次输入的新密码不一致。' });

const changeCodeSchema = z
  .object({ oldPassword: trainPassword, password: newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: '两次输入的新密码不一致。' });
const changeSchema = z
  .object({ oldPassword: trainPassword, password: newPassword, confirm: z.string(), code: smsCode })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: '两次输入的新密码不一致。' });

async function boundOrThrow(userId: string) {
  const a = await accountOf(userId);
  if (!a || a.status === 'pending_sms') throw new AppError('conflict', '请先绑定 12306 账号。');
  return a;
}

/** A call on the caller's bound 12306 account, through `checked` (its refusals on `field`); the account's name. */
async function onBoundAccount(userId: string, field: string, call: (trainAccount: string) => Promise<unknown>) {
  const { trainAccount } = credentialsOf(await boundOrThrow(userId));
  await checked(userId, trainAccount, () => call(trainAccount), field);
  return trainAccount;
}

// ---- action definitions (session -> role -> zod -> body)
const T = AREA_ROLES.traveller;
export const bindAccountDef = {
  roles: T,
  schema: bindSchema,
  body: (i, u) => bindAccount(u!, i),
} satisfies GuardedDef<typeof bindSchema, BindResult>;
export const verifySmsDef = {
  roles: T,
  schema: verifySchema,
  body: (i, u) => verifySms(u!, i.code),
} satisfies GuardedDef<typeof verifySchema, BindResult>;
const empty = z.object({}).passthrough();
export const unbindDef = { roles: T, schema: empty, body: (_i, u) => unbind(u!) } satisfies GuardedDef<
  typeof empty,
  { unbound: true }
>;
export const faceAuthDef = {
  roles: T,
  schema: faceSchema,
  body: (i, u) => faceAuth(u!, i.photo),
} satisfies GuardedDef<typeof faceSchema, { verified: true }>;
export const registerDef = {
  roles: T,
  schema: registerSchema,
  body: (i) => register(i),
} satisfies GuardedDef<typeof registerSchema, { note: string }>;
export const forgotCodeDef = {
  roles: T,
  schema: forgotCodeSchema,
  body: async (i) => {
    try {
      return await accountProviderClient().passwordForgotCode({
        cardType: Number(i.idType),
        cardNo: i.idNo,
        mobile: i.mobile,
      });
    } catch (e) {
      providerFailure(e);
    }
  },
} satisfies GuardedDef<typeof forgotCodeSchema, { requestID: string }>;
export const forgotResetDef = {
  roles: T,
  schema: forgotResetSchema,
  body: async (i, u) => {
    await checked(
      u!.id,
      undefined,
      () => accountProviderClient().passwordForgotReset(i.requestId, i.password, i.code),
      'code',
    );
    return { done: true as const };
  },
} satisfies GuardedDef<typeof forgotResetSchema, { done: true }>;
export const changeCodeDef = {
  roles: T,
  schema: changeCodeSchema,
  body: async (i, u) => {
    await onBoundAccount(u!.id, 'oldPassword', (account) =>
      accountProviderClient().passwordChangeCode(account, i.oldPassword, i.password),
    );
    return { sent: true as const };
  },
} satisfies GuardedDef<typeof changeCodeSchema, { sent: true }>;
export const changePasswordDef = {
  roles: T,
  schema: changeSchema,
  body: async (i, u) => {
    const trainAccount = await onBoundAccount(u!.id, 'code', (account) =>
      accountProviderClient().passwordChange(account, i.oldPassword, i.password, i.code),
    );
    // A new password ends the 12306 session: store it and log in again with it.
    let status: 'bound' | 'relogin' = 'bound';
    let message: string | null = null;
    try {
      await accountProviderClient().requireLogin({ trainAccount, trainPassword: i.password });
    } catch (e) {
      status = 'relogin';
      message = e instanceof ProviderError ? e.message : '重新登录失败';
    }
    await storeAccount(u!.id, trainAccount, i.password, status, message);
    return { done: true as const };
  },
} satisfies GuardedDef<typeof changeSchema, { done: true }>;
