/**
 * A traveller's 常旅客. Owner-only: every query is scoped by user id. ID numbers and mobiles are
 * sealed at rest (lib/crypto/pii.ts) and leave this module masked, except `passengerForEdit` (the
 * owner's own edit form) and `passengersForBooking` (the server's 创单).
 *
 * With a bound 12306 account the list is the provider's (passengers/list), mirrored here and synced
 * on every read of the manager; the provider wins every conflict and the page says what changed.
 * Without one, the passengers are the portal's own.
 */
import 'server-only';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { savedPassengers, type SavedPassenger, type TrainAccount } from '@/db/schema';
import type { GuardedDef } from '@/lib/actions';
import { AREA_ROLES, type SessionUser } from '@/lib/auth/roles';
import { idNoHash, openPii, sealPii } from '@/lib/crypto/pii';
import { maskIdNumber, maskPhone } from '@/lib/domain/mask';
import {
  deleteLockedUntil,
  ID_TYPES,
  idTypeLabel,
  MAX_PASSENGERS_PER_ACCOUNT,
  passengerFormSchema,
  TICKET_TYPES,
  VERIFY_STATUS_LABELS,
  type PassengerInput,
} from '@/lib/domain/passenger';
import { AppError } from '@/lib/errors';
import { logError } from '@/lib/log';
import { sameCardNo } from '@/lib/orders/match';
import { ProviderError, type FrequentPassenger } from '@/lib/provider';
import { accountProviderClient, boundAccountOf, credentialsOf } from '@/lib/train-account/store';

export { ID_TYPES, TICKET_TYPES };
export const MAX_SAVED_PASSENGERS = MAX_PASSENGERS_PER_ACCOUNT;
/** @deprecated the shared schema lives in lib/domain/passenger.ts. */
export const passengerInputSchema = passengerFormSchema;

export interface PassengerView {
  id: string;
  name: string;
  idType: string;
  idTypeLabel: string;
  idNoMasked: string;
  ticketType: number;
  mobileMasked: string | null;
  /** 'provider': in the bound 12306 account's list; 'portal': saved here only. */
  source: 'provider' | 'portal';
  verifyStatus: number | null;
  verifyLabel: string | null;
  mobileVerified: boolean | null;
  isSelf: boolean;
  /** False: only the provider's masked number is known; the owner must complete it before booking. */
  bookable: boolean;
  /** YYYY-MM-DD before which the provider refuses to delete it (verified, added by us within a month). */
  deleteLockedUntil: string | null;
  /**
   * The 手机核验 code to send to 12306 (增/改常旅客 verificationCode), while the mobile awaits
   * verification: only in the owner's own passengers page (passengerList), null everywhere else.
   */
  verificationCode: string | null;
}

/** The owner's edit form: the only place the full number and mobile are shown. */
export interface PassengerEdit {
  id: string;
  name: string;
  idType: string;
  idNo: string;
  idComplete: boolean;
  ticketType: number;
  mobile: string;
  birthday: string;
  sex: string;
  countryCode: string;
  cardValidUntil: string;
  school: string;
  studentNo: string;
  enrolYear: string;
  isSelf: boolean;
  source: 'provider' | 'portal';
}

type Student = { school: string; studentNo: string; enrolYear: string };

function toView(p: SavedPassenger, { withCode = false } = {}, now = new Date()): PassengerView {
  const verified = p.verifyStatus === 1;
  return {
    id: p.id,
    name: p.name,
    idType: p.idType,
    idTypeLabel: idTypeLabel(p.idType),
    idNoMasked: p.idNoMasked ?? maskIdNumber(openPii(p.idNo)),
    ticketType: p.ticketType,
    mobileMasked: p.mobileMasked ?? (p.mobile ? maskPhone(openPii(p.mobile)) : null),
    source: p.trainAccountId ? 'provider' : 'portal',
    verifyStatus: p.verifyStatus,
    verifyLabel: p.verifyStatus === null ? null : (VERIFY_STATUS_LABELS[p.verifyStatus] ?? String(p.verifyStatus)),
    mobileVerified: p.mobileVerified,
    isSelf: p.isSelf,
    bookable: p.idComplete,
    deleteLockedUntil: p.trainAccountId && !p.isSelf ? deleteLockedUntil(p.createdAt, verified, now) : null,
    verificationCode: withCode && p.verificationCode && p.mobileVerified === false ? openPii(p.verificationCode) : null,
  };
}

/**
 * The 手机核验 code columns from a 增/改常旅客 answer (panhe-train-api.md l.390 "verificationCode 当手机待核验
 * 时,返回的验证码(发送此验证码至‘12306’完成手机核验即可,只需核验一次)"): sealed like every personal datum,
 * kept until 获取常旅客 reports the mobile verified (l.370: its states are the ones that count).
 */
function codeColumns(saved: { mobileVerifyStatus: number | null; verificationCode: string | null }) {
  if (saved.mobileVerifyStatus === 1) return { verificationCode: null, verificationCodeAt: null };
  return saved.verificationCode
    ? { verificationCode: sealPii(saved.verificationCode), verificationCodeAt: new Date() }
    : {};
}

/** The columns a passenger's personal data is stored in: sealed, hashed and masked. */
function sealedColumns(input: Pick<PassengerInput, 'idType' | 'idNo' | 'mobile'>) {
  return {
    idNo: sealPii(input.idNo),
    idNoHash: idNoHash(input.idType, input.idNo),
    idNoMasked: maskIdNumber(input.idNo),
    idComplete: true,
    mobile: input.mobile ? sealPii(input.mobile) : null,
    mobileMasked: input.mobile ? maskPhone(input.mobile) : null,
  };
}

function documentColumns(input: PassengerInput) {
  return {
    name: input.name,
    idType: input.idType,
    ticketType: input.ticketType,
    birthday: input.birthday ?? null,
    sex: input.sex ?? null,
    countryCode: input.countryCode ?? null,
    cardValidUntil: input.cardValidUntil ?? null,
    student: input.student ?? null,
  };
}

async function rowsOf(userId: string): Promise<SavedPassenger[]> {
  return db()
    .select()
    .from(savedPassengers)
    .where(eq(savedPassengers.userId, userId))
    .orderBy(asc(savedPassengers.isSelf), asc(savedPassengers.createdAt));
}

function refusal(e: unknown): never {
  if (e instanceof ProviderError && e.kind === 'business') throw new AppError('conflict', `12306：${e.message}`);
  if (e instanceof ProviderError) throw new AppError('upstream', '暂时无法连接 12306，请稍后重试。');
  throw e;
}

/**
 * Mirrors the provider's list into ours (the provider wins): updates what differs, adds what we lack
 * (with the provider's masked number), removes what the provider no longer has. Answers what changed,
 * in words for the page.
 */
export async function syncWithProvider(userId: string, account: TrainAccount): Promise<string[]> {
  let list: FrequentPassenger[];
  try {
    list = await accountProviderClient().listPassengers(credentialsOf(account));
  } catch (e) {
    refusal(e);
  }
  const notes: string[] = [];
  const mine = (await rowsOf(userId)).filter((r) => r.trainAccountId === account.id || r.trainAccountId === null);
  const claimed = new Set<string>();
  for (const p of list) {
    const byId = mine.find((r) => r.trainAccountId === account.id && r.providerId === p.id);
    const byIdentity =
      byId ??
      mine.find(
        (r) =>
          !claimed.has(r.id) &&
          (r.providerId === null || r.trainAccountId === null) &&
          r.name === p.name &&
          Number(r.idType) === p.cardType &&
          sameCardNo(openPii(r.idNo), p.cardNo),
      );
    const mirror = {
      trainAccountId: account.id,
      providerId: p.id,
      verifyStatus: p.identityVerifyStatus,
      mobileVerified: p.mobileVerified,
      isSelf: p.isAccountHolder,
      updatedAt: new Date(),
      // A verified mobile needs no code any more.
      ...(p.mobileVerified ? { verificationCode: null, verificationCodeAt: null } : {}),
    };
    if (byIdentity) {
      claimed.add(byIdentity.id);
      const patch: Partial<SavedPassenger> = { ...mirror };
      if (byIdentity.name !== p.name) {
        notes.push(`${byIdentity.name} 的姓名与 12306 不一致，已按 12306 改为 ${p.name}。`);
        patch.name = p.name;
      }
      if (p.passengerType !== null && byIdentity.ticketType !== p.passengerType) {
        notes.push(`${p.name} 的旅客类型已按 12306 更新。`);
        patch.ticketType = p.passengerType;
      }
      await db().update(savedPassengers).set(patch).where(eq(savedPassengers.id, byIdentity.id));
    } else {
      await db()
        .insert(savedPassengers)
        .values({
          userId,
          name: p.name,
          idType: String(p.cardType),
          // Only the masked number is known: kept sealed all the same, not bookable until completed.
          idNo: sealPii(p.cardNo),
          idNoHash: null,
          idNoMasked: p.cardNo.includes('*') ? p.cardNo : maskIdNumber(p.cardNo),
          idComplete: !p.cardNo.includes('*'),
          ticketType: p.passengerType ?? 1,
          mobile: p.mobile ? sealPii(p.mobile) : null,
          mobileMasked: p.mobile ? maskPhone(p.mobile) : null,
          sex: p.sex,
          countryCode: p.country,
          ...mirror,
        })
        .onConflictDoNothing();
    }
  }
  const gone = mine.filter(
    (r) => r.trainAccountId === account.id && r.providerId && !list.some((p) => p.id === r.providerId),
  );
  if (gone.length) {
    await db()
      .delete(savedPassengers)
      .where(
        inArray(
          savedPassengers.id,
          gone.map((r) => r.id),
        ),
      );
    for (const r of gone) notes.push(`${r.name} 已不在 12306 常旅客中，已移除。`);
  }
  return notes;
}

export interface PassengerList {
  passengers: PassengerView[];
  /** Set when a 12306 account is bound (masked name). */
  account: string | null;
  notes: string[];
  /** The provider could not be reached: the list shown is the last mirror. */
  stale: string | null;
}

/** The manager's list: synced with the provider first when an account is bound. */
export async function passengerList(userId: string): Promise<PassengerList> {
  const account = await boundAccountOf(userId);
  let notes: string[] = [];
  let stale: string | null = null;
  if (account) {
    try {
      notes = await syncWithProvider(userId, account);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      logError('passenger sync failed', e);
      stale = `${e.message} 显示的是上次同步的列表。`;
    }
  }
  const rows = await rowsOf(userId);
  return {
    passengers: rows.map((r) => toView(r, { withCode: true })),
    account: account?.accountMasked ?? null,
    notes,
    stale,
  };
}

/** Views without a provider round trip (the booking form). */
export async function listPassengers(userId: string): Promise<PassengerView[]> {
  return (await rowsOf(userId)).map((r) => toView(r));
}

/** Full, opened rows for 创单: only the caller's own, bookable passengers, all of those asked for. */
export async function passengersForBooking(userId: string, ids: string[]) {
  const rows = await db()
    .select()
    .from(savedPassengers)
    .where(and(eq(savedPassengers.userId, userId), inArray(savedPassengers.id, ids)));
  if (rows.length !== new Set(ids).size) throw new AppError('not_found', '所选乘客不存在。');
  const incomplete = rows.find((r) => !r.idComplete);
  if (incomplete)
    throw new AppError('validation', `${incomplete.name} 的证件号码只有 12306 的掩码，请先在常用乘客中补全。`, {
      passengers: [`${incomplete.name} 的证件号码需要补全。`],
    });
  return ids.map((id) => {
    const r = rows.find((x) => x.id === id)!;
    return { ...r, idNo: openPii(r.idNo), mobile: r.mobile ? openPii(r.mobile) : null };
  });
}

async function ownRow(userId: string, id: string): Promise<SavedPassenger> {
  if (!z.string().uuid().safeParse(id).success) throw new AppError('not_found', '乘客不存在。');
  const [r] = await db()
    .select()
    .from(savedPassengers)
    .where(and(eq(savedPassengers.id, id), eq(savedPassengers.userId, userId)));
  if (!r) throw new AppError('not_found', '乘客不存在。');
  return r;
}

export async function passengerForEdit(userId: string, id: string): Promise<PassengerEdit | null> {
  let r: SavedPassenger;
  try {
    r = await ownRow(userId, id);
  } catch {
    return null;
  }
  const student = r.student as Student | null;
  return {
    id: r.id,
    name: r.name,
    idType: r.idType,
    idNo: r.idComplete ? openPii(r.idNo) : '',
    idComplete: r.idComplete,
    ticketType: r.ticketType,
    mobile: r.mobile ? openPii(r.mobile) : '',
    birthday: r.birthday ?? '',
    sex: r.sex ? String(r.sex) : '',
    countryCode: r.countryCode ?? '',
    cardValidUntil: r.cardValidUntil ?? '',
    school: student?.school ?? '',
    studentNo: student?.studentNo ?? '',
    enrolYear: student?.enrolYear ?? '',
    isSelf: r.isSelf,
    source: r.trainAccountId ? 'provider' : 'portal',
  };
}

function savedFields(input: PassengerInput) {
  return {
    name: input.name,
    cardType: Number(input.idType),
    cardNo: input.idNo,
    mobile: input.mobile ?? null,
    passengerType: input.ticketType,
    birthday: input.birthday ?? null,
    countryCode: input.countryCode ?? null,
    cardValidEndDate: input.cardValidUntil ?? null,
    sex: input.sex ?? null,
  };
}

const duplicate = () => new AppError('conflict', '该证件号码的乘客已保存。', { idNo: ['该证件号码的乘客已保存。'] });

async function assertNoDuplicate(userId: string, input: PassengerInput, exceptId?: string) {
  const [dup] = await db()
    .select({ id: savedPassengers.id })
    .from(savedPassengers)
    .where(
      and(
        eq(savedPassengers.userId, userId),
        eq(savedPassengers.idType, input.idType),
        eq(savedPassengers.idNoHash, idNoHash(input.idType, input.idNo)),
      ),
    );
  if (dup && dup.id !== exceptId) throw duplicate();
}

export async function addPassenger(user: SessionUser, input: PassengerInput): Promise<PassengerView> {
  const account = await boundAccountOf(user.id);
  const rows = await rowsOf(user.id);
  const counted = rows.filter((r) => (account ? r.trainAccountId === account.id : r.trainAccountId === null));
  if (counted.length >= MAX_PASSENGERS_PER_ACCOUNT)
    throw new AppError(
      'conflict',
      `最多保存 ${MAX_PASSENGERS_PER_ACCOUNT} 位常用乘客（12306 的上限），请先删除不再需要的乘客。`,
    );
  await assertNoDuplicate(user.id, input);
  let mirror: Partial<SavedPassenger> = {};
  if (account) {
    if (!input.mobile)
      throw new AppError('validation', '请填写手机号：12306 常旅客需要手机号。', { mobile: ['请填写手机号。'] });
    try {
      const saved = await accountProviderClient().savePassenger(credentialsOf(account), {
        id: 0,
        ...savedFields(input),
      });
      mirror = {
        trainAccountId: account.id,
        verifyStatus: saved.identityVerifyStatus ?? null,
        mobileVerified: saved.mobileVerifyStatus === 1,
        ...codeColumns(saved),
      };
    } catch (e) {
      refusal(e);
    }
  }
  const [row] = await db()
    .insert(savedPassengers)
    .values({ userId: user.id, ...documentColumns(input), ...sealedColumns(input), ...mirror })
    .onConflictDoNothing()
    .returning();
  if (!row) throw duplicate();
  if (account) {
    // 增/改常旅客 answers no id: the next list tells it (and anything else that changed).
    try {
      await syncWithProvider(user.id, account);
    } catch (e) {
      logError('passenger sync after add failed', e);
    }
  }
  const [fresh] = await db().select().from(savedPassengers).where(eq(savedPassengers.id, row.id));
  return toView(fresh ?? row);
}

export async function updatePassenger(user: SessionUser, id: string, input: PassengerInput): Promise<PassengerView> {
  const row = await ownRow(user.id, id);
  const account = row.trainAccountId ? await boundAccountOf(user.id) : null;
  if (row.trainAccountId && !account)
    throw new AppError('conflict', '该乘客来自 12306 账号，请先重新绑定 12306 账号再修改。');
  if (row.isSelf) {
    // panhe-train-api.md 修改账号本人信息: "目前只允许修改 旅客类型 这一个字段".
    if (account) {
      try {
        await accountProviderClient().updateSelf(credentialsOf(account), input.ticketType);
      } catch (e) {
        refusal(e);
      }
    }
    await db()
      .update(savedPassengers)
      .set({ ticketType: input.ticketType, updatedAt: new Date() })
      .where(eq(savedPassengers.id, row.id));
    return toView((await ownRow(user.id, id)) ?? row);
  }
  if (!row.idComplete) {
    // Completing a provider passenger's number: it must be the one behind the provider's mask.
    if (Number(row.idType) !== Number(input.idType) || !sameCardNo(input.idNo, openPii(row.idNo)))
      throw new AppError('validation', '证件号码与 12306 记录的号码不符。', {
        idNo: ['证件号码与 12306 记录的号码不符。'],
      });
  }
  await assertNoDuplicate(user.id, input, row.id);
  let mirror: Partial<SavedPassenger> = {};
  if (account) {
    if (!input.mobile)
      throw new AppError('validation', '请填写手机号：12306 常旅客需要手机号。', { mobile: ['请填写手机号。'] });
    try {
      const saved = await accountProviderClient().savePassenger(credentialsOf(account), {
        // The provider's ids are numbers (获取常旅客 `id`: int); a string id would read as a new passenger.
        id: row.providerId && /^\d+$/.test(row.providerId) ? Number(row.providerId) : (row.providerId ?? 0),
        ...savedFields(input),
      });
      mirror = {
        ...(saved.identityVerifyStatus !== null ? { verifyStatus: saved.identityVerifyStatus } : {}),
        ...(saved.mobileVerifyStatus !== null ? { mobileVerified: saved.mobileVerifyStatus === 1 } : {}),
        ...codeColumns(saved),
      };
    } catch (e) {
      refusal(e);
    }
  }
  try {
    await db()
      .update(savedPassengers)
      .set({ ...documentColumns(input), ...sealedColumns(input), ...mirror, updatedAt: new Date() })
      .where(eq(savedPassengers.id, row.id));
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw duplicate();
    throw e;
  }
  return toView(await ownRow(user.id, id));
}

export async function deletePassenger(user: SessionUser, id: string): Promise<{ id: string }> {
  const row = await ownRow(user.id, id);
  if (row.isSelf) throw new AppError('conflict', '12306 账号本人不能删除。');
  if (row.trainAccountId) {
    const account = await boundAccountOf(user.id);
    if (!account) throw new AppError('conflict', '该乘客来自 12306 账号，请先重新绑定 12306 账号再删除。');
    try {
      await accountProviderClient().deletePassenger(credentialsOf(account), {
        name: row.name,
        cardType: Number(row.idType),
        cardNo: openPii(row.idNo),
      });
    } catch (e) {
      refusal(e);
    }
  }
  await db().delete(savedPassengers).where(eq(savedPassengers.id, row.id));
  return { id: row.id };
}

/** On unbind: the account's mirror rows stay the traveller's, as portal-own passengers. */
export async function detachAccountPassengers(accountId: string): Promise<void> {
  await db()
    .update(savedPassengers)
    .set({
      trainAccountId: null,
      providerId: null,
      verifyStatus: null,
      mobileVerified: null,
      verificationCode: null,
      verificationCodeAt: null,
      isSelf: false,
    })
    .where(eq(savedPassengers.trainAccountId, accountId));
  // Provider-only rows with a masked number are of no use without the account.
  await db()
    .delete(savedPassengers)
    .where(and(isNull(savedPassengers.trainAccountId), eq(savedPassengers.idComplete, false)));
}

// ---- server action definitions (session -> role -> zod -> body)

export const addPassengerDef = {
  roles: AREA_ROLES.traveller,
  schema: passengerFormSchema,
  body: async (input, user) => addPassenger(user!, input),
} satisfies GuardedDef<typeof passengerFormSchema, PassengerView>;

const withId = z.object({ id: z.string().uuid('乘客不存在。') });
const updateSchema = z.unknown().transform((v, ctx) => {
  const id = withId.safeParse(v);
  const rest = passengerFormSchema.safeParse(v);
  if (!id.success) for (const i of id.error.issues) ctx.addIssue({ ...i, code: 'custom' } as never);
  if (!rest.success) for (const i of rest.error.issues) ctx.addIssue({ ...i, code: 'custom' } as never);
  return id.success && rest.success ? { id: id.data.id, input: rest.data } : z.NEVER;
});

export const updatePassengerDef = {
  roles: AREA_ROLES.traveller,
  schema: updateSchema,
  body: async ({ id, input }, user) => updatePassenger(user!, id, input),
} satisfies GuardedDef<typeof updateSchema, PassengerView>;

export const deletePassengerDef = {
  roles: AREA_ROLES.traveller,
  schema: withId,
  body: async ({ id }, user) => deletePassenger(user!, id),
} satisfies GuardedDef<typeof withId, { id: string }>;
