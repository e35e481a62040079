/**
 * The account sub-app over real HTTP (mounted under /train on a hono app on a free port) against the
 * throwaway Postgres of tests/global-setup.ts (the sandbox's migrations applied there), with an
 * injectable sandbox clock.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberFor as makeIdCard } from '@/sandbox/accounts/id-number';
import { DEFAULT_PROVIDER_APP_KEY, DEFAULT_PROVIDER_SECRET_KEY } from '@/protocol/defaults';
import { encryptField } from '@/protocol/panhe/sign';
import {
  accountBookingState,
  createAccountRoutes,
  DEMO_ACCOUNT,
  DEMO_PASSENGERS,
  listAccountPassengers,
  seedDemoAccount,
} from './index';
import type { PassengerRecordWire } from './store';

const SECRET = DEFAULT_PROVIDER_SECRET_KEY;
const HOUR = 3_600_000;

let sql: postgres.Sql;
let server: ReturnType<typeof serve>;
let baseUrl = '';
let clock = new Date('2026-03-01T02:00:00Z');
const logged: string[] = [];
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

interface Envelope {
  data: unknown;
  success: boolean;
  msg: string;
  msgCode?: number;
  sandboxSmsCode?: string;
}

async function raw(path: string, body: string, query = ''): Promise<{ status: number; json: Envelope }> {
  const res = await fetch(`${baseUrl}/train/${path}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
  });
  return { status: res.status, json: (await res.json()) as Envelope };
}

async function call(path: string, body: Record<string, unknown>): Promise<Envelope> {
  const { status, json } = await raw(path, JSON.stringify({ appKey: DEFAULT_PROVIDER_APP_KEY, ...body }));
  expect(status).toBe(200);
  expect(Object.keys(json).slice(0, 3)).toEqual(['data', 'success', 'msg']);
  return json;
}

const enc = (s: string) => encryptField(SECRET, s);
/** 增/改常旅's fields marked 是 that a test does not vary (panhe-train-api.md l.380-381). */
const SAVE_DOC = { mobile: '13911110000', passengerType: 1 };
const cred = (account: string, password: string) => ({ trainAccount: enc(account), trainPassword: enc(password) });

let seq = 0;
const run = Date.now().toString(36).slice(-5);
const nextAccount = () => `it${run}_${++seq}`;
const nextMobile = () => `137${String(Date.now() % 10_000).padStart(4, '0')}${String(++seq).padStart(4, '0')}`;
const idBase = Math.floor(Math.random() * 15_000);
/** Valid, distinct GB 11643 numbers (random birth dates, so reruns on a kept database do not collide). */
const nextId = () => {
  const n = ++seq;
  const birth = new Date(Date.UTC(1960, 0, 1) + ((idBase + n) % 15_000) * 86_400_000).toISOString().slice(0, 10);
  return makeIdCard('320102', birth, n % 1000);
};

async function register(account: string, password: string, extra: Record<string, unknown> = {}) {
  const cardNo = nextId();
  const mobile = nextMobile();
  const r = await call('account/register', {
    ...cred(account, password),
    name: '注册人',
    cardType: '1',
    cardNo,
    mobile,
    passengerType: 1,
    msgCode: '123456',
    ...extra,
  });
  return { r, cardNo, mobile };
}

/** Registers and logs in through the SMS verification a first login needs. */
async function registerAndLogin(password = 'abc_123') {
  const account = nextAccount();
  const { r, cardNo, mobile } = await register(account, password);
  expect(r.data).toMatchObject({ regSubmitIsPass: true });
  const first = await call('account/login', cred(account, password));
  expect(first).toMatchObject({ success: true, data: { isPass: false }, sandboxSmsCode: '123456' });
  expect(
    await call('account/verify', { ...cred(account, password), msgCode: '123456', validateType: 2 }),
  ).toMatchObject({ success: true, data: true });
  return { account, password, cardNo, mobile };
}

beforeAll(async () => {
  sql = postgres(process.env.DATABASE_URL!, { max: 5, onnotice: () => {} });
  const app = new Hono();
  app.route('/train', createAccountRoutes({ sql, secretKey: SECRET, now: () => clock, log: (l) => logged.push(l) }));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await seedDemoAccount(sql, clock);
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await sql.end();
});

describe('sandbox 12306 accounts over HTTP', () => {
  it('the demo account exists, is idempotently seeded and can book without logging in', async () => {
    await seedDemoAccount(sql, clock);
    const list = await call('passengers/list', cred(DEMO_ACCOUNT.account, DEMO_ACCOUNT.password));
    expect(list.success).toBe(true);
    const people = list.data as { name: string; cardNo: string; isUserSelf: boolean; identityVerifyStatus: number }[];
    expect(people.map((p) => p.name)).toEqual(DEMO_PASSENGERS.map((p) => p.name));
    expect(people[0]).toMatchObject({ isUserSelf: true, identityVerifyStatus: 1, birthday: '****-**-**' });
    expect(people.every((p) => p.identityVerifyStatus === 1 && /^\d{4}\*{11}[\dX]{3}$/.test(p.cardNo))).toBe(true);
    expect(await accountBookingState(sql, 'sandbox', new Date(clock.getTime() + 1000 * HOUR))).toBe('ok');
    expect(await accountBookingState(sql, 'sandbox', clock, 'wrong_pw1')).toBe('not_logged_in');
    expect(await accountBookingState(sql, 'nobody_here', clock)).toBe('unknown');
    // The two-argument form (sandbox/accounts-gate.ts) reads the sandbox clock.
    expect(await accountBookingState(sql, 'sandbox')).toBe('ok');
    expect(await accountBookingState(sql, 'nobody_here')).toBe('unknown');
    const full = await listAccountPassengers(sql, 'sandbox', clock);
    expect(full?.map((p) => p.cardNo)).toEqual(DEMO_PASSENGERS.map((p) => p.cardNo));
    expect(await listAccountPassengers(sql, 'nobody_here', clock)).toBeNull();
    // Logging in works at once (no SMS step), and its password cannot be changed.
    expect((await call('account/login', cred('sandbox', 'sandbox123'))).data).toEqual({
      isPass: true,
      errorMsg: '已通过',
    });
    const change = await call('password/change/code', {
      trainAccount: enc('sandbox'),
      oldTrainPassword: enc('sandbox123'),
      newTrainPassword: enc('other_123'),
      confirmTrainPassword: enc('other_123'),
    });
    expect(change).toMatchObject({ success: false, msgCode: 415 });
  });

  it('register: documented answers for conflicts, clear failures for bad input', async () => {
    const account = nextAccount();
    const { r, cardNo, mobile } = await register(account, 'abc_123');
    expect(r).toMatchObject({ success: true, msg: '请求成功', data: { regSubmitIsPass: true } });
    expect((r.data as { note: string }).note).toContain('注册');

    expect((await register(account, 'abc_123')).r.data).toEqual({ regSubmitIsPass: false, note: '该注册名已存在' });
    const sameMobile = await register(nextAccount(), 'abc_123', { mobile });
    expect(sameMobile.r.data).toMatchObject({ regSubmitIsPass: false });
    expect((sameMobile.r.data as { note: string }).note).toContain('(**人)使用');
    const sameCard = await register(nextAccount(), 'abc_123', { cardNo });
    expect((sameCard.r.data as { note: string }).note).toContain('证件号码已被注册');
    const wrongCode = await register(nextAccount(), 'abc_123', { msgCode: '000000' });
    expect(wrongCode.r).toMatchObject({ success: true, data: { regSubmitIsPass: false }, sandboxSmsCode: '123456' });

    expect((await register(nextAccount(), 'abcdefg')).r).toMatchObject({ success: false, msgCode: 101 });
    expect((await register('1bad', 'abc_123')).r).toMatchObject({ success: false, msgCode: 408 });
    expect((await register(nextAccount(), 'abc_123', { cardNo: `${nextId().slice(0, 17)}Y` })).r.msg).toMatch(
      /^参数无效:cardNo/,
    );
    expect((await register(nextAccount(), 'abc_123', { msgCode: undefined })).r.msg).toBe(
      '参数无效:msgCode 缺少该参数',
    );
    expect(
      await call('account/register', {
        trainAccount: 'not-a-cipher',
        trainPassword: enc('abc_123'),
        name: '甲',
        cardType: 1,
        cardNo: nextId(),
        mobile: nextMobile(),
        passengerType: 1,
        msgCode: '123456',
      }),
    ).toMatchObject({ success: false, msgCode: 408, data: null });
    // passengerType is 是 (required) in 账号注册 l.301.
    expect((await register(nextAccount(), 'abc_123', { passengerType: undefined })).r.msg).toBe(
      '参数无效:passengerType 缺少该参数',
    );
    // A passport holder: conditional fields enforced; the document is verified 24 hours later.
    const passport = await register(nextAccount(), 'abc_123', { cardType: 2, cardNo: `E${Date.now() % 1e8}` });
    expect(passport.r.msg).toBe('参数无效:birthday 当 cardType 为 2 时必填');
  });

  it('login: a first login needs the SMS verification; then a 10-hour session; bookable only while logged in', async () => {
    const account = nextAccount();
    const pw = 'abc_123';
    await register(account, pw);
    expect(await accountBookingState(sql, account, clock)).toBe('not_logged_in');
    expect(await call('passengers/list', cred(account, pw))).toMatchObject({ success: false, msgCode: 403 });

    expect(await call('account/login', cred(account, 'wrong_1'))).toMatchObject({ success: false, msgCode: 403 });
    expect(await call('account/login', cred('no_such_user', pw))).toMatchObject({ success: false, msgCode: 403 });
    const first = await call('account/login', cred(account, pw));
    expect(first.data).toMatchObject({ isPass: false });
    expect((first.data as { errorMsg: string }).errorMsg).toMatch(/^请您用手机尾号\d{4}发送短信666至12306$/);
    expect(await accountBookingState(sql, account, clock)).toBe('not_logged_in');

    expect(await call('account/verify', { ...cred(account, pw), msgCode: '000000', validateType: 2 })).toEqual({
      data: null,
      success: false,
      msg: '验证码错误',
      msgCode: 407,
    });
    expect(await call('account/verify', { ...cred(account, pw), msgCode: '123456', validateType: 1 })).toMatchObject({
      success: false,
      msgCode: 101,
    });
    expect(await call('account/verify', { ...cred(account, pw), msgCode: '123456', validateType: '2' })).toEqual({
      data: true,
      success: true,
      msg: '请求成功',
    });
    expect(await accountBookingState(sql, account, clock)).toBe('ok');
    expect(await accountBookingState(sql, account, clock, pw)).toBe('ok');

    // Later logins pass at once; lastDigits is checked when given.
    expect((await call('account/login', { ...cred(account, pw), lastDigits: '0000' })).data).toMatchObject({
      isPass: false,
    });
    advance(9 * HOUR);
    expect((await call('account/login', cred(account, pw))).data).toEqual({ isPass: true, errorMsg: '已通过' });

    advance(10 * HOUR - 1000);
    expect(await accountBookingState(sql, account, clock)).toBe('ok');
    expect((await call('passengers/list', cred(account, pw))).success).toBe(true);
    advance(1000);
    expect(await accountBookingState(sql, account, clock)).toBe('not_logged_in');
    const expired = await call('passengers/list', cred(account, pw));
    expect(expired).toMatchObject({ success: false, msgCode: 403 });
    expect(expired.msg).toContain('重新登录');
    // Credentials may also travel in the URL (documented for login and 获取常旅客).
    const q = new URLSearchParams({ appKey: DEFAULT_PROVIDER_APP_KEY, ...cred(account, pw) });
    expect((await raw('account/login', '', `?${q.toString()}`)).json.data).toMatchObject({ isPass: true });
    expect(await accountBookingState(sql, account, clock)).toBe('ok');
  });

  it('常旅客: add up to 15 (holder included), duplicates, self record, modify rules, delete lock', async () => {
    const { account, password, cardNo: holderCard } = await registerAndLogin();
    const c = cred(account, password);
    const list = async () => (await call('passengers/list', c)).data as PassengerRecordWire[];
    const [holder] = await list();
    expect(holder).toMatchObject({ name: '注册人', isUserSelf: true, identityVerifyStatus: 1, mobileVerifyStatus: 1 });

    const firstCard = nextId();
    const added = await call('passengers/save', {
      ...SAVE_DOC,
      ...c,
      id: 0,
      name: '旅客甲',
      cardType: '1',
      cardNo: firstCard,
      mobile: '13911112222',
      passengerType: 1,
    });
    expect(added.success).toBe(true);
    expect(added.data).toMatchObject({ identityVerifyStatus: 1, mobileVerifyStatus: 0 });
    expect((added.data as { verificationCode: string }).verificationCode).toMatch(/^\d{8}$/);
    expect(
      await call('passengers/save', {
        ...SAVE_DOC,
        ...c,
        id: 0,
        name: '旅客甲',
        cardType: 1,
        cardNo: firstCard,
        passengerType: 1,
      }),
    ).toMatchObject({ success: false, msgCode: 417 });
    advance(61_000);
    const gamma = (await list()).find((p) => p.name === '旅客甲')!;
    expect(gamma.mobileVerifyStatus).toBe(1);

    // A passport: awaits verification, so it may be deleted at once.
    const passportNo = `G${String(Date.now() % 1e8).padStart(8, '0')}`;
    const savePassport = (id: number, name: string) =>
      call('passengers/save', {
        ...SAVE_DOC,
        ...c,
        id,
        name,
        cardType: 2,
        cardNo: passportNo,
        passengerType: 1,
        birthday: '1980-02-03',
        sex: 1,
        countryCode: 'GB',
        cardValidEndDate: '2031-01-01',
      });
    const passport = await savePassport(0, 'JOHN SMITH');
    expect(passport.data).toMatchObject({ identityVerifyStatus: 3, mobileVerifyStatus: 0 });
    expect((passport.data as { verificationCode: string }).verificationCode).toMatch(/^\d{8}$/);
    // Not yet verified, so the name may be corrected: the passenger's own document is no duplicate.
    const listed = (await call('passengers/list', c)).data as { id: number; name: string }[];
    const john = listed.find((p) => p.name === 'JOHN SMITH')!;
    const renamed = await savePassport(john.id, 'JOHN SMITHSON');
    expect(renamed.success).toBe(true);
    expect(await call('passengers/delete', { ...c, name: 'JOHN SMITHSON', cardType: 2, cardNo: passportNo })).toEqual({
      data: null,
      success: true,
      msg: '请求成功',
    });

    // Fill up: holder + 14 = 15; the 16th is refused.
    for (let i = 0; i < 13; i++) {
      const r = await call('passengers/save', {
        ...SAVE_DOC,
        ...c,
        id: 0,
        name: `旅客${i}`,
        cardType: 1,
        cardNo: nextId(),
        passengerType: 1,
      });
      expect(r.success).toBe(true);
    }
    expect(await list()).toHaveLength(15);
    const sixteenth = await call('passengers/save', {
      ...SAVE_DOC,
      ...c,
      id: 0,
      name: '第十六',
      cardType: 1,
      cardNo: nextId(),
    });
    expect(sixteenth).toMatchObject({ success: false, msgCode: 409 });
    expect(await list()).toHaveLength(15);

    // The holder's record: not through save, not deletable; passengers/self changes passengerType only.
    expect(
      await call('passengers/save', {
        ...SAVE_DOC,
        ...c,
        id: holder!.id,
        name: '改名',
        cardType: 1,
        cardNo: holderCard,
        passengerType: 1,
      }),
    ).toMatchObject({ success: false, msgCode: 303 });
    expect(
      await call('passengers/self', {
        ...c,
        passengerType: '3',
        name: '改名',
        cardNo: nextId(),
        mobile: '13000000000',
      }),
    ).toEqual({ data: true, success: true, msg: '请求成功' });
    const self = (await list()).find((p) => p.isUserSelf)!;
    expect(self).toMatchObject({ passengerType: 3, name: '注册人', cardNo: holder!.cardNo, mobile: holder!.mobile });
    expect(await call('passengers/self', { ...c, passengerType: 9 })).toMatchObject({ success: false, msgCode: 101 });
    expect(await call('passengers/delete', { ...c, name: '注册人', cardType: 1, cardNo: holderCard })).toMatchObject({
      success: false,
      msgCode: 303,
    });

    // A verified passenger: identity fixed, mobile changeable (masked card number accepted back).
    expect(
      await call('passengers/save', {
        ...SAVE_DOC,
        ...c,
        id: gamma.id,
        name: '旅客乙',
        cardType: 1,
        cardNo: gamma.cardNo,
      }),
    ).toMatchObject({ success: false, msgCode: 303 });
    const changed = await call('passengers/save', {
      ...SAVE_DOC,
      ...c,
      id: gamma.id,
      name: '旅客甲',
      cardType: 1,
      cardNo: gamma.cardNo,
      mobile: '13922223333',
      passengerType: 2,
    });
    expect(changed.data).toMatchObject({ identityVerifyStatus: 1, mobileVerifyStatus: 0 });
    expect((await list()).find((p) => p.id === gamma.id)).toMatchObject({ passengerType: 2, mobile: '13922223333' });
    expect(
      await call('passengers/save', { ...SAVE_DOC, ...c, id: 999_999_999, name: '无', cardType: 1, cardNo: nextId() }),
    ).toMatchObject({ success: false, msgCode: 304 });

    // Verified passengers cannot be deleted for a month (by full or masked card number).
    const locked = await call('passengers/delete', { ...c, name: '旅客甲', cardType: 1, cardNo: gamma.cardNo });
    expect(locked).toMatchObject({ data: null, success: false });
    expect(locked.msg).toMatch(/^旅客甲\d{4}年\d{1,2}月\d{1,2}日前不允许删除!$/);
    expect(await call('passengers/delete', { ...c, name: '不存在', cardType: 1, cardNo: firstCard })).toMatchObject({
      success: false,
      msgCode: 304,
    });

    advance(31 * 24 * HOUR);
    expect(await call('passengers/delete', { ...c, name: '旅客甲', cardType: 1, cardNo: firstCard })).toMatchObject({
      success: false,
      msgCode: 403,
    });
    expect((await call('account/login', c)).data).toMatchObject({ isPass: true });
    expect(await call('passengers/delete', { ...c, name: '旅客甲', cardType: 1, cardNo: firstCard })).toEqual({
      data: null,
      success: true,
      msg: '请求成功',
    });
    expect(await list()).toHaveLength(14);
  });

  it('the 15-passenger limit holds under concurrent saves', async () => {
    const { account, password } = await registerAndLogin();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('passengers/save', {
          ...SAVE_DOC,
          ...cred(account, password),
          id: 0,
          name: `并发${i}`,
          cardType: 1,
          cardNo: nextId(),
        }),
      ),
    );
    expect(results.filter((r) => r.success)).toHaveLength(14);
    expect(results.filter((r) => !r.success).every((r) => r.msgCode === 409)).toBe(true);
    expect(await listAccountPassengers(sql, account, clock)).toHaveLength(15);
  });

  it('修改密码: code then change; the session ends and the new password is needed', async () => {
    const { account, password } = await registerAndLogin();
    const body = (oldPw: string, newPw: string, confirm = newPw) => ({
      trainAccount: enc(account),
      oldTrainPassword: enc(oldPw),
      newTrainPassword: enc(newPw),
      confirmTrainPassword: enc(confirm),
    });
    expect(await call('password/change/code', body('wrong_1', 'new_456'))).toMatchObject({
      success: false,
      msgCode: 403,
    });
    expect(await call('password/change/code', body(password, 'new_456', 'new_457'))).toMatchObject({
      success: false,
      msg: '两次输入的新密码不一致',
    });
    expect(await call('password/change/code', body(password, 'newpassword'))).toMatchObject({
      success: false,
      msgCode: 101,
    });
    expect(await call('password/change', { ...body(password, 'new_456'), verificationCode: '123456' })).toMatchObject({
      success: false,
      msg: '请先调用修改密码-获取验证码',
    });
    expect(await call('password/change/code', body(password, 'new_456'))).toEqual({
      data: true,
      success: true,
      msg: '请求成功',
      sandboxSmsCode: '123456',
    });
    expect(await call('password/change', { ...body(password, 'new_456'), verificationCode: '000000' })).toMatchObject({
      success: false,
      msgCode: 407,
    });
    expect(await call('password/change', { ...body(password, 'new_789'), verificationCode: '123456' })).toMatchObject({
      success: false,
      msg: '新密码与获取验证码时提交的不一致,请重新获取验证码',
    });
    expect(await call('password/change', { ...body(password, 'new_456'), verificationCode: '123456' })).toEqual({
      data: true,
      success: true,
      msg: '请求成功',
    });
    expect(await call('password/change', { ...body('new_456', 'new_000'), verificationCode: '123456' })).toMatchObject({
      success: false,
      msgCode: 407,
    });
    expect(await accountBookingState(sql, account, clock)).toBe('not_logged_in');
    expect(await call('account/login', cred(account, password))).toMatchObject({ success: false, msgCode: 403 });
    expect((await call('account/login', cred(account, 'new_456'))).data).toMatchObject({ isPass: true });
    expect(await accountBookingState(sql, account, clock, 'new_456')).toBe('ok');

    // An expired code (60 s on the sandbox clock).
    expect((await call('password/change/code', body('new_456', 'later_1'))).success).toBe(true);
    advance(60_000);
    const late = await call('password/change', { ...body('new_456', 'later_1'), verificationCode: '123456' });
    expect(late).toMatchObject({ success: false, msgCode: 407 });
    expect(late.msg).toContain('过期');
  });

  it('找回密码: code by card number and mobile with the caller requestID, then reset', async () => {
    const { account, cardNo, mobile } = await registerAndLogin('old_123');
    const requestID = `req${run}${++seq}`;
    expect(await call('password/forgot/code', { requestID, cardType: 1, cardNo, mobile: '13000000001' })).toMatchObject(
      { success: false, msgCode: 416 },
    );
    expect(await call('password/forgot/code', { requestID, cardType: '1', cardNo, mobile })).toEqual({
      data: true,
      success: true,
      msg: '请求成功',
      sandboxSmsCode: '123456',
    });
    expect(await call('password/forgot/code', { requestID, cardType: 1, cardNo, mobile })).toMatchObject({
      success: false,
      msgCode: 101,
    });
    const reset = (id: string, pw: string, code: string) =>
      call('password/forgot/reset', { requestID: id, trainPassword: enc(pw), verificationCode: code });
    expect(await reset('unknown-request', 'reset_789', '123456')).toMatchObject({ success: false, msgCode: 101 });
    expect(await reset(requestID, 'short', '123456')).toMatchObject({ success: false, msgCode: 101 });
    for (let i = 0; i < 5; i++) expect(await reset(requestID, 'reset_789', '000000')).toMatchObject({ msgCode: 407 });
    expect((await reset(requestID, 'reset_789', '123456')).msg).toBe('验证码错误次数过多,请重新获取验证码');

    const second = `req${run}${++seq}`;
    expect((await call('password/forgot/code', { requestID: second, cardType: 1, cardNo, mobile })).success).toBe(true);
    expect(await reset(second, 'reset_789', '123456')).toEqual({ data: true, success: true, msg: '请求成功' });
    expect(await reset(second, 'reset_000', '123456')).toMatchObject({ success: false, msgCode: 407 });
    expect(await accountBookingState(sql, account, clock)).toBe('not_logged_in');
    expect(await call('account/login', cred(account, 'old_123'))).toMatchObject({ success: false, msgCode: 403 });
    expect((await call('account/login', cred(account, 'reset_789'))).data).toMatchObject({ isPass: true });

    const third = `req${run}${++seq}`;
    expect((await call('password/forgot/code', { requestID: third, cardType: 1, cardNo, mobile })).success).toBe(true);
    advance(61_000);
    expect((await reset(third, 'reset_790', '123456')).msg).toContain('过期');
  });

  it('人脸认证: JPEG/PNG photos up to 100k pass, others fail as documented', async () => {
    const { account, password } = await registerAndLogin();
    const c = cred(account, password);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);
    expect(await call('account/face', { ...c, photos: [png.toString('base64')] })).toEqual({
      data: true,
      success: true,
      msg: '请求成功',
    });
    expect(await call('account/face', { ...c, photos: [Buffer.from('GIF89a....').toString('base64')] })).toMatchObject({
      data: false,
      success: false,
      msg: '人脸认证失败',
    });
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(101 * 1024)]);
    expect((await call('account/face', { ...c, photos: [big.toString('base64')] })).msg).toContain('100k');
    expect(await call('account/face', { ...c, photos: [] })).toMatchObject({
      success: false,
      msg: '参数无效:photos 至少1张照片',
    });
    expect((await call('account/face', { ...c, photos: ['%%%'] })).msg).toContain('Base64');
  });

  it('never answers 500: bad JSON, wrong shapes and undecryptable 密文 get the envelope', async () => {
    for (const body of ['{not json', '[1,2]', '"text"', 'null']) {
      const { status, json } = await raw('passengers/list', body);
      expect(status).toBe(200);
      expect(json).toMatchObject({ data: null, success: false, msgCode: 101 });
    }
    const bad = await call('passengers/list', { trainAccount: enc('x').slice(0, 10), trainPassword: 'AAAA' });
    expect(bad).toMatchObject({ success: false, msgCode: 408 });
    const wrongKey = await call('passengers/list', {
      trainAccount: encryptField('another-secret', 'sandbox'),
      trainPassword: encryptField('another-secret', 'sandbox123'),
    });
    expect(wrongKey.success).toBe(false);
    expect(
      await call('passengers/save', { ...SAVE_DOC, ...cred('sandbox', 'sandbox123'), id: 'x', name: '甲' }),
    ).toMatchObject({
      success: false,
      msg: '参数无效:id 须为整数',
    });
    expect(logged).toEqual([]);
  });

  it('a database failure is answered with the envelope and logged without credentials', async () => {
    const lines: string[] = [];
    const down = postgres('postgres://nobody:secret@127.0.0.1:1/none', { max: 1, connect_timeout: 2 });
    try {
      const app = createAccountRoutes({ sql: down, secretKey: SECRET, now: () => clock, log: (l) => lines.push(l) });
      const res = await app.request('/account/login', {
        method: 'POST',
        body: JSON.stringify(cred('someone_1', 'pw_secret_1')),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: null, success: false, msg: '未知的失败原因', msgCode: 999 });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\[sandbox\/accounts\] \/account\/login failed: /);
      expect(lines[0]).not.toMatch(/someone_1|pw_secret_1/);
    } finally {
      await down.end({ timeout: 0 });
    }
  });
});
