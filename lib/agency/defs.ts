/**
 * Guarded definitions (session → role → zod → body) for the agency workspace and the admin's agency
 * pages. Every body goes through lib/agency/access for the membership and its scope.
 */
import 'server-only';
import { headers } from 'next/headers';
import { z } from 'zod';
import type { GuardedDef } from '@/lib/actions';
import { hashPassword } from '@/lib/auth/password';
import { signInDevice } from '@/lib/auth/devices';
import { signInLocale } from '@/lib/i18n/locale';
import { currentUser } from '@/lib/auth/guard';
import { AREA_ROLES } from '@/lib/auth/roles';
import { setSessionCookie } from '@/lib/auth/session-cookie';
import { authThrottle, clientAddress } from '@/lib/auth/throttle';
import { yuanToFen } from '@/lib/domain/money';
import { passengerFormSchema } from '@/lib/domain/passenger';
import { AppError } from '@/lib/errors';
import { signUpSchema } from '@/lib/users/signup';
import { agencyCustomer, requireMember } from './access';
import {
  acceptInvitation,
  acceptInvitationWithNewAccount,
  addCustomerPassenger,
  createAgency,
  createCustomer,
  invite,
  setLowBalanceThreshold,
  setMemberState,
  topUp,
} from './service';

const name = z.string().trim().min(1, '请填写名称。').max(60);
const mobile = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '请输入 11 位手机号。');

const agencySchema = z.object({ name, ownerEmail: z.string().trim().email('请输入负责人的邮箱。') });
export const createAgencyDef = {
  roles: AREA_ROLES.admin,
  schema: agencySchema,
  body: async (input) => createAgency(input.name, input.ownerEmail),
} satisfies GuardedDef<typeof agencySchema, { agencyId: string }>;

const topUpSchema = z.object({
  agencyId: z.string().uuid('请选择旅行社。'),
  amountYuan: z.coerce.number().positive('充值金额须大于 0。').max(10_000_000).multipleOf(0.01, '金额最多两位小数。'),
  bankRef: z.string().trim().min(4, '请填写银行流水号。').max(64),
});
export const topUpDef = {
  roles: AREA_ROLES.admin,
  schema: topUpSchema,
  body: async (input, user) => {
    await topUp(user!.id, input.agencyId, yuanToFen(input.amountYuan), input.bankRef);
    return { ok: true as const };
  },
} satisfies GuardedDef<typeof topUpSchema, { ok: true }>;

const inviteSchema = z.object({ email: z.string().trim().email('请输入员工的邮箱。') });
export const inviteDef = {
  roles: AREA_ROLES.agent,
  schema: inviteSchema,
  body: async (input, user) => {
    const m = await requireMember(user, { owner: true });
    const { token, expiresAt } = await invite(m, user!, input.email);
    return { link: `/invite/${token}`, expiresAt: expiresAt.toISOString() };
  },
} satisfies GuardedDef<typeof inviteSchema, { link: string; expiresAt: string }>;

/** The owner's low-balance threshold in yuan; empty: no notice. */
const lowBalanceSchema = z.object({
  thresholdYuan: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z.coerce
      .number({ message: '请输入金额。' })
      .min(0, '提醒额度不能为负数。')
      .max(10_000_000, '提醒额度过大。')
      .multipleOf(0.01, '金额最多两位小数。')
      .nullable(),
  ),
});
export const lowBalanceDef = {
  roles: AREA_ROLES.agent,
  schema: lowBalanceSchema,
  body: async (input, user) => {
    const m = await requireMember(user, { owner: true });
    const fen = input.thresholdYuan === null ? null : yuanToFen(input.thresholdYuan);
    await setLowBalanceThreshold(m, user!, fen);
    return { thresholdFen: fen };
  },
} satisfies GuardedDef<typeof lowBalanceSchema, { thresholdFen: number | null }>;

const acceptSchema = z.object({ token: z.string().min(16).max(64) });
export const acceptInvitationDef = {
  roles: AREA_ROLES.traveller,
  schema: acceptSchema,
  body: async (input, user) => {
    const out = await acceptInvitation(user!, input.token);
    // The session carries the role the proxy checks: re-issued with the new one (agent), so the
    // workspace opens without signing in again.
    const fresh = await currentUser();
    if (fresh) await setSessionCookie(fresh);
    return out;
  },
} satisfies GuardedDef<typeof acceptSchema, { agencyId: string }>;

/**
 * A visitor without an account: the sign-up form's own schema (lib/users/signup) plus the token;
 * counted against the caller's address like sign-up. The new account is signed in at once.
 */
const joinToken = z.object({ token: acceptSchema.shape.token });
export const joinSchema = z.unknown().transform((v, ctx) => {
  const t = joinToken.safeParse(v);
  const a = signUpSchema.safeParse(v);
  if (!t.success) for (const i of t.error.issues) ctx.addIssue({ ...i, code: 'custom' } as never);
  if (!a.success) for (const i of a.error.issues) ctx.addIssue({ ...i, code: 'custom' } as never);
  return t.success && a.success ? { token: t.data.token, account: a.data } : z.NEVER;
});
export const joinWithNewAccountDef = {
  roles: 'public',
  schema: joinSchema,
  body: async ({ token, account }, user) => {
    if (user) throw new AppError('conflict', '您已登录，请直接接受邀请。');
    const address = clientAddress(await headers());
    await authThrottle().consumeSignUp(address);
    const { agencyId, user: created } = await acceptInvitationWithNewAccount(token, {
      email: account.email,
      displayName: account.displayName,
      passwordHash: await hashPassword(account.password),
    });
    await setSessionCookie(created);
    // Signed in here: this browser is the account's first device (no notice; lib/auth/devices.ts).
    await signInDevice(created.id, address);
    await signInLocale(created.id);
    return { agencyId };
  },
} satisfies GuardedDef<typeof joinSchema, { agencyId: string }>;

const memberSchema = z.object({ userId: z.string().uuid(), state: z.enum(['suspend', 'resume', 'remove']) });
export const memberStateDef = {
  roles: AREA_ROLES.agent,
  schema: memberSchema,
  body: async (input, user) => {
    const m = await requireMember(user, { owner: true });
    await setMemberState(m, user!, input.userId, input.state);
    return { ok: true as const };
  },
} satisfies GuardedDef<typeof memberSchema, { ok: true }>;

const customerSchema = z.object({ name, mobile });
export const createCustomerDef = {
  roles: AREA_ROLES.agent,
  schema: customerSchema,
  body: async (input, user) => createCustomer(await requireMember(user), user!, input),
} satisfies GuardedDef<typeof customerSchema, { id: string }>;

/**
 * A customer's passenger: the passenger manager's own schema (lib/domain/passenger.ts: every card
 * type with the fields it needs, ticket types, student details) plus the customer it belongs to.
 */
const withCustomer = z.object({ customerId: z.string().uuid('客户不存在。') });
export const customerPassengerSchema = z.unknown().transform((v, ctx) => {
  const c = withCustomer.safeParse(v);
  const p = passengerFormSchema.safeParse(v);
  if (!c.success) for (const i of c.error.issues) ctx.addIssue({ ...i, code: 'custom' } as never);
  if (!p.success) for (const i of p.error.issues) ctx.addIssue({ ...i, code: 'custom' } as never);
  return c.success && p.success ? { customerId: c.data.customerId, passenger: p.data } : z.NEVER;
});
export const addCustomerPassengerDef = {
  roles: AREA_ROLES.agent,
  schema: customerPassengerSchema,
  body: async ({ customerId, passenger }, user) => {
    const m = await requireMember(user);
    await agencyCustomer(m, customerId);
    return addCustomerPassenger(m, user!, customerId, passenger);
  },
} satisfies GuardedDef<typeof customerPassengerSchema, { id: string; name: string }>;
