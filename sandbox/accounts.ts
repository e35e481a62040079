/**
 * The sandbox's 12306 accounts and 常旅客 (panhe-train-api.md 账号注册 … 修改密码), over Postgres.
 * Documented constraints: at most 15 passengers; a verified passenger cannot be deleted for a month;
 * the holder's own record only changes passengerType (via passengers/self); a login lasts 10 hours;
 * 创单 with an account that has not logged in fails to hold. Sandbox rule: every SMS code is 123456.
 * The demo account `sandbox` / `sandbox123` exists from the start and never needs to log in again.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type postgres from 'postgres';
import { z } from 'zod';
import { isValidIdCard, makeIdCard } from '@/lib/domain/idcard';
import {
  MAX_FREQUENT_PASSENGERS,
  TRAIN_ACCOUNT_SESSION_HOURS,
  VERIFIED_PASSENGER_DELETE_LOCK_DAYS,
} from '@/lib/domain/rules';
import { decryptField } from '@/lib/provider/sign';
import * as w from '@/lib/provider/wire';
import { SandboxError } from './engine';

export const SANDBOX_SMS_CODE = '123456';
export const DEMO_ACCOUNT = { account: 'sandbox', password: 'sandbox123' };

const hash = (account: string, password: string) =>
  createHash('sha256').update(`${account}\u0000${password}`).digest('hex');
const PASSWORD_RULE = /^(?=.{6,})(?:(?=.*[A-Za-z])(?=.*\d)|(?=.*[A-Za-z])(?=.*_)|(?=.*\d)(?=.*_))[A-Za-z0-9_]+$/;

export type AccountState = 'ok' | 'not_logged_in' | 'bad_login';
export type EndpointFactory = <S extends z.ZodType>(
  schema: S,
  handler: (input: z.output<S>) => unknown,
) => (c: Context) => Promise<Response>;

export function createAccounts(sql: postgres.Sql, secretKey: string, now: () => Promise<Date>) {
  const plain = (s: string) => {
    try {
      return decryptField(secretKey, s);
    } catch {
      throw new SandboxError('12306账号格式不正确(密文无法解密)', 408);
    }
  };

  async function seed() {
    const at = await now();
    await sql`insert into sandbox.accounts (account, password_hash, mobile, always_logged_in, created_at)
      values (${DEMO_ACCOUNT.account}, ${hash(DEMO_ACCOUNT.account, DEMO_ACCOUNT.password)}, '13800000000', true, ${at}) on conflict do nothing`;
    const people: [string, string, boolean][] = [
      ['沙箱本人', makeIdCard('110101', '1980-01-01', 11), true],
      ['沙箱同行', makeIdCard('110101', '1985-06-15', 12), false],
    ];
    for (const [name, cardNo, isSelf] of people) {
      await sql`insert into sandbox.account_passengers (account, name, card_type, card_no, passenger_type, identity_verify_status, is_self, added_at)
        values ('sandbox', ${name}, 1, ${cardNo}, 1, 1, ${isSelf}, ${at}) on conflict do nothing`;
    }
  }

  /** Used by 创单: may this account book now? */
  async function bookingState(account: string, password: string): Promise<AccountState> {
    const [a] = await sql<{ password_hash: string; logged_in_at: Date | null; always_logged_in: boolean }[]>`
      select password_hash, logged_in_at, always_logged_in from sandbox.accounts where account = ${account}`;
    if (!a || a.password_hash !== hash(account, password)) return 'bad_login';
    if (a.always_logged_in) return 'ok';
    const at = await now();
    return a.logged_in_at && at.getTime() - a.logged_in_at.getTime() < TRAIN_ACCOUNT_SESSION_HOURS * 3_600_000
      ? 'ok'
      : 'not_logged_in';
  }

  async function requireSession(encAccount: string, encPassword: string): Promise<string> {
    const account = plain(encAccount);
    const state = await bookingState(account, plain(encPassword));
    if (state === 'bad_login') throw new SandboxError('12306账号登录失败', 403);
    if (state === 'not_logged_in')
      throw new SandboxError(`登录已失效(超过${TRAIN_ACCOUNT_SESSION_HOURS}小时),请重新登录`, 403);
    return account;
  }

  /** Checks the password and starts a 10-hour session. */
  async function logIn(account: string, password: string): Promise<true> {
    const [a] = await sql<
      { password_hash: string }[]
    >`select password_hash from sandbox.accounts where account = ${account}`;
    if (!a || a.password_hash !== hash(account, password)) throw new SandboxError('12306账号登录失败', 403);
    await sql`update sandbox.accounts set logged_in_at = ${await now()} where account = ${account}`;
    return true;
  }

  const fmtDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

  function register(app: Hono, endpoint: EndpointFactory) {
    app.post(
      '/train/account/register',
      endpoint(w.accountRegisterRequest, async (r) => {
        const account = plain(r.trainAccount);
        const password = plain(r.trainPassword);
        if (!/^[A-Za-z][A-Za-z0-9_]{5,29}$/.test(account)) throw new SandboxError('12306账号格式不正确', 408);
        if (!PASSWORD_RULE.test(password))
          throw new SandboxError('密码不少于6位,且须包含字母、数字、下划线中的两种或以上', 101);
        if (Number(r.cardType) === 1 && !isValidIdCard(r.cardNo)) throw new SandboxError('手机号或证件号码不正确', 416);
        const at = await now();
        return sql.begin(async (tx) => {
          const created = await tx`insert into sandbox.accounts (account, password_hash, mobile, created_at)
            values (${account}, ${hash(account, password)}, ${r.mobile}, ${at}) on conflict do nothing returning account`;
          if (!created.length) throw new SandboxError('用户名已被注册', 412);
          await tx`insert into sandbox.account_passengers (account, name, card_type, card_no, mobile, passenger_type, identity_verify_status, is_self, added_at)
            values (${account}, ${r.name}, ${Number(r.cardType)}, ${r.cardNo.toUpperCase()}, ${r.mobile}, ${Number(r.passengerType ?? 1)}, 1, true, ${at})`;
          return true;
        });
      }),
    );

    app.post(
      '/train/account/login',
      endpoint(w.accountRequest, async (r) => {
        const account = plain(r.trainAccount);
        return logIn(account, plain(r.trainPassword));
      }),
    );

    app.post(
      '/train/account/verify',
      endpoint(w.accountVerifyRequest, async (r) => {
        const account = plain(r.trainAccount);
        if (r.msgCode !== SANDBOX_SMS_CODE) throw new SandboxError('验证码错误', 407);
        return logIn(account, plain(r.trainPassword));
      }),
    );

    app.post(
      '/train/account/face',
      endpoint(w.accountFaceRequest, async (r) => {
        await requireSession(r.trainAccount, r.trainPassword);
        return true;
      }),
    );

    app.post(
      '/train/passengers/list',
      endpoint(w.accountRequest, async (r) => {
        const account = await requireSession(r.trainAccount, r.trainPassword);
        const rows = await sql<
          Record<string, unknown>[]
        >`select * from sandbox.account_passengers where account = ${account} order by id`;
        return rows.map((p) => ({
          id: p.id,
          name: p.name,
          cardType: p.card_type,
          cardNo: p.card_no,
          mobile: p.mobile,
          passengerType: p.passenger_type,
          birthday: '****-**-**',
          sex: null,
          country: 'CN',
          email: '',
          address: '',
          identityVerifyStatus: p.identity_verify_status,
          mobileVerifyStatus: p.mobile ? 1 : 0,
          isUserSelf: p.is_self,
        }));
      }),
    );

    app.post(
      '/train/passengers/save',
      endpoint(w.passengersSaveRequest, async (r) => {
        const account = await requireSession(r.trainAccount, r.trainPassword);
        const verified = Number(r.cardType) !== 1 || isValidIdCard(r.cardNo) ? 1 : 0;
        const id = Number(r.id ?? 0);
        return sql.begin(async (tx) => {
          await tx`select account from sandbox.accounts where account = ${account} for update`;
          if (id) {
            const [p] = await tx<
              { is_self: boolean }[]
            >`select is_self from sandbox.account_passengers where id = ${id} and account = ${account}`;
            if (!p) throw new SandboxError('该联系人不存在', 301);
            if (p.is_self) throw new SandboxError('账号本人信息请使用“修改账号本人信息”接口修改', 303);
            await tx`update sandbox.account_passengers set name = ${r.name}, card_type = ${Number(r.cardType)}, card_no = ${r.cardNo.toUpperCase()},
              mobile = ${r.mobile ?? null}, passenger_type = ${Number(r.passengerType ?? 1)}, identity_verify_status = ${verified} where id = ${id}`;
          } else {
            const [count] = await tx<
              { n: number }[]
            >`select count(*)::int as n from sandbox.account_passengers where account = ${account}`;
            if ((count?.n ?? 0) >= MAX_FREQUENT_PASSENGERS)
              throw new SandboxError('12306账号常用联系人已达上限,无法继续添加', 409);
            const added =
              await tx`insert into sandbox.account_passengers (account, name, card_type, card_no, mobile, passenger_type, identity_verify_status, added_at)
              values (${account}, ${r.name}, ${Number(r.cardType)}, ${r.cardNo.toUpperCase()}, ${r.mobile ?? null}, ${Number(r.passengerType ?? 1)}, ${verified}, ${await now()})
              on conflict do nothing returning id`;
            if (!added.length) throw new SandboxError('该联系人已存在', 417);
          }
          return { identityVerifyStatus: verified, mobileVerifyStatus: r.mobile ? 1 : 0, verificationCode: null };
        });
      }),
    );

    app.post(
      '/train/passengers/self',
      endpoint(w.passengersSelfRequest, async (r) => {
        const account = await requireSession(r.trainAccount, r.trainPassword);
        await sql`update sandbox.account_passengers set passenger_type = ${Number(r.passengerType)} where account = ${account} and is_self`;
        return true;
      }),
    );

    app.post(
      '/train/passengers/delete',
      endpoint(w.passengersDeleteRequest, async (r) => {
        const account = await requireSession(r.trainAccount, r.trainPassword);
        const [p] = await sql<{ id: number; is_self: boolean; identity_verify_status: number; added_at: Date }[]>`
          select id, is_self, identity_verify_status, added_at from sandbox.account_passengers
          where account = ${account} and name = ${r.name} and card_type = ${Number(r.cardType)} and card_no = ${r.cardNo.toUpperCase()}`;
        if (!p) throw new SandboxError('该联系人不存在', 301);
        if (p.is_self) throw new SandboxError('不能删除账号本人', 303);
        const unlock = new Date(p.added_at.getTime() + VERIFIED_PASSENGER_DELETE_LOCK_DAYS * 86_400_000);
        if (p.identity_verify_status === 1 && unlock > (await now())) {
          const [y, m, d] = fmtDate(unlock).split('-');
          throw new SandboxError(`${r.name}${y}年${m}月${d}日前不允许删除!`, 303);
        }
        await sql`delete from sandbox.account_passengers where id = ${p.id}`;
        return true;
      }),
    );

    async function newCode(account: string, purpose: string, newPasswordHash: string | null) {
      const requestId = randomBytes(16).toString('hex');
      await sql`insert into sandbox.sms_codes (request_id, account, purpose, code, new_password_hash, expires_at)
        values (${requestId}, ${account}, ${purpose}, ${SANDBOX_SMS_CODE}, ${newPasswordHash}, ${new Date((await now()).getTime() + 10 * 60_000)})`;
      return requestId;
    }
    async function takeCode(requestId: string | null, account: string | null, purpose: string, code: string) {
      const [c] = await sql<{ request_id: string; account: string; new_password_hash: string | null }[]>`
        delete from sandbox.sms_codes where request_id = (select request_id from sandbox.sms_codes
          where purpose = ${purpose} and expires_at > ${await now()} and code = ${code}
          and (${requestId}::text is null or request_id = ${requestId}) and (${account}::text is null or account = ${account})
          order by expires_at desc limit 1) returning request_id, account, new_password_hash`;
      if (!c) throw new SandboxError('验证码错误或已过期', 407);
      return c;
    }

    app.post(
      '/train/password/forgot/code',
      endpoint(z.object({ trainAccount: z.string().min(1) }).passthrough(), async (r) => {
        const account = plain(r.trainAccount);
        const [a] = await sql`select 1 from sandbox.accounts where account = ${account}`;
        if (!a) throw new SandboxError('12306账号不可用', 415);
        return { requestID: await newCode(account, 'forgot', null) };
      }),
    );
    app.post(
      '/train/password/forgot/reset',
      endpoint(w.passwordForgotResetRequest, async (r) => {
        const password = plain(r.trainPassword);
        if (!PASSWORD_RULE.test(password))
          throw new SandboxError('密码不少于6位,且须包含字母、数字、下划线中的两种或以上', 101);
        const c = await takeCode(r.requestID, null, 'forgot', r.verificationCode);
        await sql`update sandbox.accounts set password_hash = ${hash(c.account, password)}, logged_in_at = null where account = ${c.account}`;
        return true;
      }),
    );
    app.post(
      '/train/password/change/code',
      endpoint(w.passwordChangeCodeRequest, async (r) => {
        const account = await requireSession(r.trainAccount, r.oldTrainPassword);
        const next = plain(r.newTrainPassword);
        if (next !== plain(r.confirmTrainPassword)) throw new SandboxError('两次输入的新密码不一致', 101);
        if (!PASSWORD_RULE.test(next))
          throw new SandboxError('密码不少于6位,且须包含字母、数字、下划线中的两种或以上', 101);
        await newCode(account, 'change', hash(account, next));
        return true;
      }),
    );
    app.post(
      '/train/password/change',
      endpoint(w.passwordChangeRequest, async (r) => {
        const account = await requireSession(r.trainAccount, r.oldTrainPassword);
        const c = await takeCode(null, account, 'change', r.verificationCode);
        if (c.new_password_hash !== hash(account, plain(r.newTrainPassword)))
          throw new SandboxError('新密码与获取验证码时不一致', 101);
        await sql`update sandbox.accounts set password_hash = ${c.new_password_hash}, logged_in_at = null where account = ${account}`;
        return true;
      }),
    );
  }

  return { seed, bookingState, register };
}
