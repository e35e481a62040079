/**
 * The sandbox's 12306 account endpoints (panhe-train-api.md 账号注册 … 修改密码), a hono sub-app the
 * sandbox server mounts under `/train`. The server checks appKey first. Every answer is the documented
 * envelope `{ data, success, msg }` with HTTP 200; failures add `msgCode` (juhe dictionary) and never
 * surface as HTTP 500. Responses that "send" an SMS code carry the sandbox-only envelope field
 * `sandboxSmsCode` (always SANDBOX_SMS_CODE). See README.md for the rules.
 */
import { and, count, desc, eq, isNull, ne } from 'drizzle-orm';
import { Hono } from 'hono';
import type postgres from 'postgres';
import type { z } from 'zod';
import { decryptField } from '@/protocol/panhe/sign';
import { accountFrequentPassengers, accountSmsCodes, accountUsers } from '@/sandbox/db/accounts.schema';
import { birthDateOfIdNumber } from './id-number';
import { hashPassword, verifyPassword } from './password';
import {
  cardNoMatches,
  DEMO_ACCOUNT,
  decodeBase64,
  deleteLockMessage,
  deleteUnlockDate,
  ID_NUMBER_CARD_TYPES,
  identityVerifiedAtFor,
  identityVerifyStatus,
  isDeleteLocked,
  isSessionLive,
  isTrainAccountName,
  isTrainPassword,
  maskHolderName,
  MAX_FREQUENT_PASSENGERS,
  MAX_PHOTO_BYTES,
  MOBILE_AUTO_VERIFY_SECONDS,
  mobileVerificationCode,
  mobileVerifyStatus,
  normalizeCardNo,
  photoKind,
  SANDBOX_SMS_CODE,
  sexOfIdNumber,
  SMS_CODE_MAX_ATTEMPTS,
  SMS_CODE_TTL_SECONDS,
  TRAIN_ACCOUNT_SESSION_HOURS,
} from './rules';
import * as rq from './schemas';
import {
  accountsDb,
  type AccountUserRow,
  type DbOrTx,
  defaultNow,
  findAccount,
  findHolder,
  listPassengerRows,
  pgError,
  toPassengerRecord,
} from './store';

export interface AccountRoutesDeps {
  sql: postgres.Sql;
  /** PROVIDER_SECRET_KEY: the AES key of 密文 fields is md5(secretKey). */
  secretKey: string;
  /** The sandbox clock; by default sandbox/clock.ts's sandboxNow(sql). */
  now?: () => Promise<Date> | Date;
  /** Where unexpected failures are reported (error name and Postgres message only, never request data). */
  log?: (line: string) => void;
}

/** msgCode values of juhe-grab-ticket-dictionary.md used here. */
export const MSG = {
  BAD_PARAMS: 101,
  TICKET_STATE: 303,
  PASSENGER_INFO: 304,
  LOGIN_FAILED: 403,
  CODE_WRONG: 407,
  ACCOUNT_FORMAT: 408,
  PASSENGER_LIMIT: 409,
  ACCOUNT_UNAVAILABLE: 415,
  MOBILE_OR_CARD_WRONG: 416,
  PASSENGER_EXISTS: 417,
  UNKNOWN: 999,
} as const;

/** A business refusal: answered as `{ data, success: false, msg, msgCode }`. */
export class AccountError extends Error {
  constructor(
    message: string,
    readonly msgCode: number = MSG.BAD_PARAMS,
    readonly data: unknown = null,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

interface Reply {
  data: unknown;
  /** Sandbox-only envelope fields. */
  extra?: Record<string, unknown>;
}
const reply = (data: unknown, extra?: Record<string, unknown>): Reply => ({ data, extra });
const smsSent = { sandboxSmsCode: SANDBOX_SMS_CODE };

const PASSWORD_RULE_MSG = '密码不少于6位,必须且只能包含字母、数字、下划线中的两种或两种以上';
const REGISTER_OK_NOTE = '您已完成注册,本网站将在24小时内对您的身份信息进行核验,通过后即可购票';

export function createAccountRoutes(deps: AccountRoutesDeps): Hono {
  const db = accountsDb(deps.sql);
  const log = deps.log ?? ((line: string) => console.error(line));
  const clock = async () => new Date((deps.now ? await deps.now() : await defaultNow(deps.sql)).getTime());
  const app = new Hono();

  function plain(cipherText: string, field: string): string {
    let text: string;
    try {
      text = decryptField(deps.secretKey, cipherText);
    } catch {
      throw new AccountError(
        `${field} 密文无法解密(须为 AES-128-ECB 加密后的 Base64,密钥为 md5(secretKey))`,
        MSG.ACCOUNT_FORMAT,
      );
    }
    if (!text || /[\u0000-\u001f\u007f\ufffd]/.test(text))
      throw new AccountError(`${field} 密文解密结果无效(请确认加密密钥)`, MSG.ACCOUNT_FORMAT);
    return text;
  }

  function route<S extends z.ZodType>(
    path: string,
    schema: S,
    handler: (input: z.output<S>, now: Date) => Promise<Reply>,
  ) {
    app.post(path, async (c) => {
      const fail = (msg: string, msgCode: number = MSG.BAD_PARAMS, data: unknown = null) =>
        c.json({ data, success: false, msg, msgCode });
      let body: unknown;
      try {
        const raw = await c.req.text();
        body = raw.trim() ? JSON.parse(raw) : {};
      } catch {
        return fail('请求体不是有效的 JSON');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) return fail('请求体须为 JSON 对象');
      // Documented: the credentials may also travel in the URL (utf8 urlencoded); the body wins.
      const parsed = schema.safeParse({ ...c.req.query(), ...body });
      if (!parsed.success) return fail(rq.describeIssues(parsed.error));
      try {
        const r = await handler(parsed.data, await clock());
        return c.json({ data: r.data, success: true, msg: '请求成功', ...r.extra });
      } catch (e) {
        if (e instanceof AccountError) return fail(e.message, e.msgCode, e.data);
        const pg = pgError(e);
        log(
          `[sandbox/accounts] ${path} failed: ${e instanceof Error ? e.name : typeof e}${pg.code ? ` (pg ${pg.code}: ${pg.message ?? ''})` : ''}`,
        );
        return fail('未知的失败原因', MSG.UNKNOWN);
      }
    });
  }

  /** Checks the credentials as a 12306 login would. */
  async function authenticate(tx: DbOrTx, account: string, password: string): Promise<AccountUserRow> {
    const user = await findAccount(tx, account);
    if (!user) throw new AccountError('12306账号登录失败:用户名不存在', MSG.LOGIN_FAILED);
    if (!(await verifyPassword(password, user.passwordHash)))
      throw new AccountError('12306账号登录失败:密码错误', MSG.LOGIN_FAILED);
    return user;
  }

  /** Credentials plus a live login session (account/login within the last 10 hours). */
  async function requireSession(r: { trainAccount: string; trainPassword: string }, now: Date) {
    const account = plain(r.trainAccount, 'trainAccount');
    const user = await authenticate(db, account, plain(r.trainPassword, 'trainPassword'));
    if (!isSessionLive(user.loggedInAt, now, user.sessionNeverExpires))
      throw new AccountError(
        `12306账号未登录或登录已失效(登录有效期${TRAIN_ACCOUNT_SESSION_HOURS}小时),请先调用账号登录接口重新登录`,
        MSG.LOGIN_FAILED,
      );
    return user;
  }

  /** Fields derived from a GB 11643 number override the given birthday and sex. */
  function documentDetails(r: { cardType: number; cardNo: string; birthday?: string; sex?: number }) {
    if (ID_NUMBER_CARD_TYPES.includes(r.cardType))
      return { birthday: birthDateOfIdNumber(r.cardNo), sex: sexOfIdNumber(r.cardNo) };
    return { birthday: r.birthday ?? null, sex: r.sex ?? null };
  }

  // ---- 账号注册
  route('/account/register', rq.registerRequest, async (r, now) => {
    const account = plain(r.trainAccount, 'trainAccount');
    const password = plain(r.trainPassword, 'trainPassword');
    if (!isTrainAccountName(account))
      throw new AccountError('12306账号格式不正确:用户名须为6-30位字母、数字或下划线,且以字母开头', MSG.ACCOUNT_FORMAT);
    if (!isTrainPassword(password)) throw new AccountError(PASSWORD_RULE_MSG);
    const notPassed = (note: string, extra?: Record<string, unknown>) => reply({ regSubmitIsPass: false, note }, extra);
    if (r.msgCode !== SANDBOX_SMS_CODE)
      return notPassed('短信验证码错误,请用注册手机号发送短信999至12306获取验证码', smsSent);

    const cardNo = normalizeCardNo(r.cardNo);
    const passwordHash = await hashPassword(password);
    const mobileTaken = (holderName: string) =>
      notPassed(
        `您输入的手机号码已被其他注册用户(${maskHolderName(holderName)})使用,请确认是否本人注册。如果此手机号是本人注册,您可使用此手机号进行登录,或返回登录页点击忘记密码进行重置密码;如果手机号不是您注册的,您可更换手机号码或致电12306客服协助处理。`,
      );
    const cardTaken = () => notPassed('该证件号码已被注册,如需帮助请致电12306客服');
    try {
      return await db.transaction(async (tx) => {
        if (await findAccount(tx, account)) return notPassed('该注册名已存在');
        const [byMobile] = await tx.select().from(accountUsers).where(eq(accountUsers.mobile, r.mobile));
        if (byMobile) return mobileTaken((await findHolder(tx, byMobile.account))?.name ?? '');
        const [byCard] = await tx
          .select({ id: accountFrequentPassengers.id })
          .from(accountFrequentPassengers)
          .where(
            and(
              eq(accountFrequentPassengers.isSelf, true),
              eq(accountFrequentPassengers.cardType, r.cardType),
              eq(accountFrequentPassengers.cardNo, cardNo),
            ),
          );
        if (byCard) return cardTaken();
        await tx
          .insert(accountUsers)
          .values({ account, passwordHash, mobile: r.mobile, email: r.email, createdAt: now });
        await tx.insert(accountFrequentPassengers).values({
          account,
          name: r.name,
          cardType: r.cardType,
          cardNo,
          mobile: r.mobile,
          passengerType: r.passengerType,
          ...documentDetails({ ...r, cardNo }),
          countryCode: r.countryCode?.toUpperCase() ?? null,
          cardValidEndDate: r.cardValidEndDate ?? null,
          identityVerifiedAt: identityVerifiedAtFor(r.cardType, now),
          // The registration SMS proved the mobile.
          mobileVerifiedAt: now,
          isSelf: true,
          createdAt: now,
          updatedAt: now,
        });
        return reply({ regSubmitIsPass: true, note: REGISTER_OK_NOTE });
      });
    } catch (e) {
      // A concurrent registration won the race on one of the unique keys.
      const { code, constraint } = pgError(e);
      if (code !== '23505') throw e;
      if (constraint === 'account_users_mobile_key') return mobileTaken('');
      if (constraint === 'account_frequent_passengers_holder_card_key') return cardTaken();
      return notPassed('该注册名已存在');
    }
  });

  // ---- 账号登录 (a first login needs 登录短信验证)
  route('/account/login', rq.loginRequest, async (r, now) => {
    const account = plain(r.trainAccount, 'trainAccount');
    const user = await authenticate(db, account, plain(r.trainPassword, 'trainPassword'));
    if (r.lastDigits) {
      const holder = await findHolder(db, account);
      if (!holder?.cardNo.toUpperCase().endsWith(r.lastDigits.toUpperCase()))
        return reply({ isPass: false, errorMsg: '登录账号绑定的证件号后4位不正确' });
    }
    if (!user.smsVerified)
      return reply({ isPass: false, errorMsg: `请您用手机尾号${user.mobile.slice(-4)}发送短信666至12306` }, smsSent);
    await db.update(accountUsers).set({ loggedInAt: now }).where(eq(accountUsers.account, account));
    return reply({ isPass: true, errorMsg: '已通过' });
  });

  // ---- 登录短信验证
  route('/account/verify', rq.verifyRequest, async (r, now) => {
    if (r.validateType === 1)
      throw new AccountError('注册验证(validateType=1)已废弃,请在账号注册接口中通过 msgCode 一步完成');
    const account = plain(r.trainAccount, 'trainAccount');
    await authenticate(db, account, plain(r.trainPassword, 'trainPassword'));
    if (r.msgCode !== SANDBOX_SMS_CODE) throw new AccountError('验证码错误', MSG.CODE_WRONG);
    await db.update(accountUsers).set({ smsVerified: true, loggedInAt: now }).where(eq(accountUsers.account, account));
    return reply(true);
  });

  // ---- 人脸认证
  route('/account/face', rq.faceRequest, async (r, now) => {
    const user = await requireSession(r, now);
    const photos = r.photos.map((p, i) => {
      const bytes = decodeBase64(p);
      if (!bytes) throw new AccountError(`参数无效:photos.${i} 须为照片文件的 Base64 字符串`);
      if (bytes.length > MAX_PHOTO_BYTES) throw new AccountError(`第${i + 1}张照片超过100k,请等比缩放压缩后重试`);
      return bytes;
    });
    if (!photos.every((b) => photoKind(b))) throw new AccountError('人脸认证失败', MSG.UNKNOWN, false);
    const holder = await findHolder(db, user.account);
    if (holder && identityVerifyStatus(holder.identityVerifiedAt, now) !== 1)
      await db
        .update(accountFrequentPassengers)
        .set({ identityVerifiedAt: now, updatedAt: now })
        .where(eq(accountFrequentPassengers.id, holder.id));
    return reply(true);
  });

  // ---- 获取常旅客
  route('/passengers/list', rq.credentialsRequest, async (r, now) => {
    const user = await requireSession(r, now);
    const rows = await listPassengerRows(db, user.account);
    return reply(rows.map((row) => toPassengerRecord(row, now)));
  });

  // ---- 增/改常旅客
  route('/passengers/save', rq.saveRequest, async (r, now) => {
    const user = await requireSession(r, now);
    const id = r.id ?? 0;
    const mobile = r.mobile ?? null;
    const mobilePendingUntil = mobile ? new Date(now.getTime() + MOBILE_AUTO_VERIFY_SECONDS * 1000) : null;
    const common = {
      name: r.name,
      mobile,
      passengerType: r.passengerType ?? 1,
      countryCode: r.countryCode?.toUpperCase() ?? null,
      cardValidEndDate: r.cardValidEndDate ?? null,
      updatedAt: now,
    };
    const duplicate = () => new AccountError('该联系人已存在', MSG.PASSENGER_EXISTS);
    try {
      const saved = await db.transaction(async (tx) => {
        // Serialises saves of one account (the 15-passenger count).
        await tx
          .select({ a: accountUsers.account })
          .from(accountUsers)
          .where(eq(accountUsers.account, user.account))
          .for('update');
        // Another passenger of the account with this document (the one being edited does not count).
        const sameCard = async (cardNo: string, exceptId = 0) =>
          (
            await tx
              .select({ id: accountFrequentPassengers.id })
              .from(accountFrequentPassengers)
              .where(
                and(
                  eq(accountFrequentPassengers.account, user.account),
                  eq(accountFrequentPassengers.cardType, r.cardType),
                  eq(accountFrequentPassengers.cardNo, cardNo),
                  ne(accountFrequentPassengers.id, exceptId),
                ),
              )
          )[0];

        if (id > 0) {
          const [row] = await tx
            .select()
            .from(accountFrequentPassengers)
            .where(and(eq(accountFrequentPassengers.id, id), eq(accountFrequentPassengers.account, user.account)));
          if (!row) throw new AccountError(`常旅客不存在(id=${id}),请先调用获取常旅客接口`, MSG.PASSENGER_INFO);
          if (row.isSelf)
            throw new AccountError(
              '该常旅客是12306账号本人,无法通过增/改常旅客接口修改,请使用“修改账号本人信息”接口',
              MSG.TICKET_STATE,
            );
          const masked = r.cardNo.includes('*');
          if (masked && (r.cardType !== row.cardType || !cardNoMatches(row.cardNo, r.cardNo)))
            throw new AccountError('参数无效:cardNo 请填写完整的证件号码');
          const cardNo = masked ? row.cardNo : normalizeCardNo(r.cardNo);
          const identityChanged = r.name !== row.name || r.cardType !== row.cardType || cardNo !== row.cardNo;
          if (identityChanged && identityVerifyStatus(row.identityVerifiedAt, now) === 1)
            throw new AccountError('已通过身份核验的常旅客不能修改姓名、证件类型和证件号码', MSG.TICKET_STATE);
          if (identityChanged && (await sameCard(cardNo, row.id))) throw duplicate();
          const mobileChanged = mobile !== row.mobile;
          const [updated] = await tx
            .update(accountFrequentPassengers)
            .set({
              ...common,
              cardType: r.cardType,
              cardNo,
              ...documentDetails({ ...r, cardNo }),
              identityVerifiedAt: identityChanged ? identityVerifiedAtFor(r.cardType, now) : row.identityVerifiedAt,
              mobileVerifiedAt: mobileChanged ? mobilePendingUntil : row.mobileVerifiedAt,
            })
            .where(eq(accountFrequentPassengers.id, id))
            .returning();
          return updated;
        }

        const cardNo = normalizeCardNo(r.cardNo);
        const [n] = await tx
          .select({ n: count() })
          .from(accountFrequentPassengers)
          .where(eq(accountFrequentPassengers.account, user.account));
        if ((n?.n ?? 0) >= MAX_FREQUENT_PASSENGERS)
          throw new AccountError(
            `12306账号常用联系人已达上限(${MAX_FREQUENT_PASSENGERS}人,含账号本人),无法继续添加`,
            MSG.PASSENGER_LIMIT,
          );
        if (await sameCard(cardNo)) throw duplicate();
        const [inserted] = await tx
          .insert(accountFrequentPassengers)
          .values({
            ...common,
            account: user.account,
            cardType: r.cardType,
            cardNo,
            ...documentDetails({ ...r, cardNo }),
            identityVerifiedAt: identityVerifiedAtFor(r.cardType, now),
            mobileVerifiedAt: mobilePendingUntil,
            isSelf: false,
            createdAt: now,
          })
          .returning();
        return inserted;
      });
      if (!saved) throw new Error('save returned no row');
      const mobileStatus = mobileVerifyStatus(saved.mobileVerifiedAt, now);
      return reply({
        identityVerifyStatus: identityVerifyStatus(saved.identityVerifiedAt, now),
        mobileVerifyStatus: mobileStatus,
        verificationCode:
          mobileStatus === 0 && saved.mobile ? mobileVerificationCode(user.account, saved.cardNo, saved.mobile) : null,
      });
    } catch (e) {
      if (pgError(e).code === '23505') throw duplicate();
      throw e;
    }
  });

  // ---- 修改账号本人信息 (only passengerType)
  route('/passengers/self', rq.selfRequest, async (r, now) => {
    const user = await requireSession(r, now);
    const holder = await findHolder(db, user.account);
    if (!holder) throw new AccountError('未找到12306账号本人信息', MSG.PASSENGER_INFO);
    await db
      .update(accountFrequentPassengers)
      .set({ passengerType: r.passengerType, updatedAt: now })
      .where(eq(accountFrequentPassengers.id, holder.id));
    return reply(true);
  });

  // ---- 删除常旅客
  route('/passengers/delete', rq.deleteRequest, async (r, now) => {
    const user = await requireSession(r, now);
    const rows = await listPassengerRows(db, user.account);
    const row = rows.find((p) => p.cardType === r.cardType && p.name === r.name && cardNoMatches(p.cardNo, r.cardNo));
    if (!row) throw new AccountError('未找到该常旅客,请核对姓名、证件类型和证件号码', MSG.PASSENGER_INFO);
    if (row.isSelf) throw new AccountError('12306账号本人不能删除', MSG.TICKET_STATE);
    if (isDeleteLocked(row.createdAt, identityVerifyStatus(row.identityVerifiedAt, now) === 1, now))
      throw new AccountError(deleteLockMessage(row.name, deleteUnlockDate(row.createdAt)), MSG.TICKET_STATE);
    await db.delete(accountFrequentPassengers).where(eq(accountFrequentPassengers.id, row.id));
    return reply(null);
  });

  // ---- SMS codes of the password flows
  const demoRefused = () => new AccountError('沙箱演示账号不允许找回或修改密码', MSG.ACCOUNT_UNAVAILABLE);
  const codeExpiry = (now: Date) => new Date(now.getTime() + SMS_CODE_TTL_SECONDS * 1000);

  /**
   * Checks a code row under lock. A wrong code counts an attempt, committed even though the request
   * fails; answers the row when the code is right (the caller completes and marks it used).
   */
  async function checkCode(
    find: (tx: DbOrTx) => Promise<typeof accountSmsCodes.$inferSelect | undefined>,
    given: string,
    now: Date,
    missing: string,
    complete: (tx: DbOrTx, row: typeof accountSmsCodes.$inferSelect) => Promise<void>,
  ): Promise<void> {
    const outcome = await db.transaction(async (tx) => {
      const row = await find(tx);
      if (!row) throw new AccountError(missing);
      if (row.usedAt) throw new AccountError('验证码已使用,请重新获取验证码', MSG.CODE_WRONG);
      if (row.expiresAt.getTime() <= now.getTime())
        throw new AccountError(`验证码已过期(有效期${SMS_CODE_TTL_SECONDS}秒),请重新获取`, MSG.CODE_WRONG);
      if (row.attempts >= SMS_CODE_MAX_ATTEMPTS)
        throw new AccountError('验证码错误次数过多,请重新获取验证码', MSG.CODE_WRONG);
      if (given !== row.code) {
        await tx
          .update(accountSmsCodes)
          .set({ attempts: row.attempts + 1 })
          .where(eq(accountSmsCodes.id, row.id));
        return 'wrong' as const;
      }
      await complete(tx, row);
      await tx.update(accountSmsCodes).set({ usedAt: now }).where(eq(accountSmsCodes.id, row.id));
      return 'ok' as const;
    });
    if (outcome === 'wrong') throw new AccountError('验证码错误', MSG.CODE_WRONG);
  }

  /** A new password ends the login session: the account must log in again. */
  async function setPassword(tx: DbOrTx, account: string, passwordHash: string, now: Date): Promise<void> {
    await tx
      .update(accountUsers)
      .set({ passwordHash, passwordChangedAt: now, loggedInAt: null })
      .where(eq(accountUsers.account, account));
  }

  // ---- 找回密码-获取验证码
  route('/password/forgot/code', rq.forgotCodeRequest, async (r, now) => {
    const [match] = await db
      .select({ account: accountUsers.account })
      .from(accountFrequentPassengers)
      .innerJoin(accountUsers, eq(accountUsers.account, accountFrequentPassengers.account))
      .where(
        and(
          eq(accountFrequentPassengers.isSelf, true),
          eq(accountFrequentPassengers.cardType, r.cardType),
          eq(accountFrequentPassengers.cardNo, normalizeCardNo(r.cardNo)),
          eq(accountUsers.mobile, r.mobile),
        ),
      );
    if (!match) throw new AccountError('证件号码或手机号与任何12306账号都不匹配', MSG.MOBILE_OR_CARD_WRONG);
    if (match.account === DEMO_ACCOUNT.account) throw demoRefused();
    try {
      await db.insert(accountSmsCodes).values({
        account: match.account,
        purpose: 'forgot',
        requestId: r.requestID,
        code: SANDBOX_SMS_CODE,
        createdAt: now,
        expiresAt: codeExpiry(now),
      });
    } catch (e) {
      if (pgError(e).code === '23505')
        throw new AccountError('requestID 已使用过,每次找回密码请求须使用新的 requestID');
      throw e;
    }
    return reply(true, smsSent);
  });

  // ---- 找回密码-回填验证码
  route('/password/forgot/reset', rq.forgotResetRequest, async (r, now) => {
    const password = plain(r.trainPassword, 'trainPassword');
    if (!isTrainPassword(password)) throw new AccountError(PASSWORD_RULE_MSG);
    const passwordHash = await hashPassword(password);
    await checkCode(
      async (tx) =>
        (
          await tx
            .select()
            .from(accountSmsCodes)
            .where(and(eq(accountSmsCodes.purpose, 'forgot'), eq(accountSmsCodes.requestId, r.requestID)))
            .for('update')
        )[0],
      r.verificationCode,
      now,
      '找回密码请求不存在(requestID 无效),请先调用找回密码-获取验证码',
      (tx, row) => setPassword(tx, row.account, passwordHash, now),
    );
    return reply(true);
  });

  /** 修改密码 checks shared by both steps: old password right, new one valid and confirmed. */
  async function changeInput(r: z.output<typeof rq.changeCodeRequest>) {
    const account = plain(r.trainAccount, 'trainAccount');
    const oldPassword = plain(r.oldTrainPassword, 'oldTrainPassword');
    const newPassword = plain(r.newTrainPassword, 'newTrainPassword');
    await authenticate(db, account, oldPassword);
    if (account === DEMO_ACCOUNT.account) throw demoRefused();
    if (newPassword !== plain(r.confirmTrainPassword, 'confirmTrainPassword'))
      throw new AccountError('两次输入的新密码不一致');
    if (!isTrainPassword(newPassword)) throw new AccountError(PASSWORD_RULE_MSG);
    if (newPassword === oldPassword) throw new AccountError('新密码不能与原密码相同');
    return { account, newPassword };
  }

  // ---- 修改密码-获取验证码
  route('/password/change/code', rq.changeCodeRequest, async (r, now) => {
    const { account, newPassword } = await changeInput(r);
    const newPasswordHash = await hashPassword(newPassword);
    await db.transaction(async (tx) => {
      // A new code replaces any earlier one.
      await tx
        .update(accountSmsCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(accountSmsCodes.account, account),
            eq(accountSmsCodes.purpose, 'change'),
            isNull(accountSmsCodes.usedAt),
          ),
        );
      await tx.insert(accountSmsCodes).values({
        account,
        purpose: 'change',
        code: SANDBOX_SMS_CODE,
        newPasswordHash,
        createdAt: now,
        expiresAt: codeExpiry(now),
      });
    });
    return reply(true, smsSent);
  });

  // ---- 修改密码
  route('/password/change', rq.changeRequest, async (r, now) => {
    const { account, newPassword } = await changeInput(r);
    await checkCode(
      async (tx) =>
        (
          await tx
            .select()
            .from(accountSmsCodes)
            .where(and(eq(accountSmsCodes.account, account), eq(accountSmsCodes.purpose, 'change')))
            .orderBy(desc(accountSmsCodes.id))
            .limit(1)
            .for('update')
        )[0],
      r.verificationCode,
      now,
      '请先调用修改密码-获取验证码',
      async (tx, row) => {
        if (!row.newPasswordHash || !(await verifyPassword(newPassword, row.newPasswordHash)))
          throw new AccountError('新密码与获取验证码时提交的不一致,请重新获取验证码');
        await setPassword(tx, account, row.newPasswordHash, now);
      },
    );
    return reply(true);
  });

  return app;
}
