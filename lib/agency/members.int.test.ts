/**
 * Customer passengers under the passenger manager's rules, and invitations that create or link the
 * account (one agency per user). Against the real database; no sandbox needed.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { agencyInvitations, agencyMembers, customerPassengers, users } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { makeIdCard } from '@/lib/domain/idcard';
import { membershipOf, type Membership } from './access';
import { addCustomerPassengerDef, joinSchema } from './defs';
import {
  acceptInvitation,
  acceptInvitationWithNewAccount,
  createAgency,
  createCustomer,
  customerPassengersOf,
  invitationByToken,
  invite,
  recentActivity,
  setMemberState,
} from './service';
import { internalCodesIn } from '@/lib/internal-codes';

let n = 0;
const unique = (tag: string) => `${tag}${Date.now()}${++n}${Math.floor(Math.random() * 1e6)}@example.test`;

async function user(tag: string): Promise<SessionUser> {
  const [u] = await db()
    .insert(users)
    .values({ email: unique(tag), passwordHash: 'x', displayName: '成员测试', role: 'traveller' })
    .returning({ id: users.id, email: users.email, role: users.role, name: users.displayName });
  return u!;
}

async function agency(tag: string): Promise<{ m: Membership; owner: SessionUser }> {
  const owner = await user(tag);
  await createAgency(`${tag}旅行社${Date.now()}${++n}`, owner.email);
  return { m: (await membershipOf(owner.id))!, owner: { ...owner, role: 'agent' } };
}

describe('customer passengers: the passenger manager schema', () => {
  async function setup() {
    const { m, owner } = await agency('乘客');
    const { id } = await createCustomer(m, owner, { name: '规则客户', mobile: `137${String(Date.now()).slice(-8)}` });
    const add = (input: Record<string, unknown>) =>
      runGuarded(addCustomerPassengerDef, owner, { customerId: id, ...input });
    return { m, owner, customerId: id, add };
  }

  it('asks each card type for the fields it needs, with the same messages as the passenger manager', async () => {
    const { add } = await setup();
    const passport = await add({ name: 'John Smith', idType: '2', idNo: 'E12345678', ticketType: '1' });
    expect(passport).toMatchObject({ ok: false, code: 'validation' });
    if (passport.ok) return;
    expect(Object.keys(passport.fieldErrors ?? {}).sort()).toEqual([
      'birthday',
      'cardValidUntil',
      'countryCode',
      'sex',
    ]);
    expect(passport.fieldErrors?.birthday).toEqual(['此证件类型需要填写出生日期。']);

    // 港澳通行证 needs birthday, sex and expiry but no nationality; its number has its own pattern.
    const hk = await add({ name: '陈大文', idType: '3', idNo: '12345678', birthday: '', sex: '' });
    expect(hk.ok ? {} : Object.keys(hk.fieldErrors ?? {}).sort()).toEqual([
      'birthday',
      'cardValidUntil',
      'idNo',
      'sex',
    ]);
    // 身份证 with a wrong check digit; a name with digits.
    const bad = await add({ name: '王2', idType: '1', idNo: '110101198001010000' });
    expect(bad.ok ? {} : Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['idNo', 'name']);
    // Student tickets need the school details; 残军票 only on 身份证 / 居住证.
    const student = await add({
      name: '李同学',
      idType: '1',
      idNo: makeIdCard('110101', '2005-03-04', 11),
      ticketType: '3',
    });
    expect(student.ok ? {} : Object.keys(student.fieldErrors ?? {}).sort()).toEqual([
      'enrolYear',
      'school',
      'studentNo',
    ]);
    const military = await add({
      name: 'Anna Lee',
      idType: '2',
      idNo: 'P7654321',
      ticketType: '4',
      birthday: '1980-01-01',
      sex: '2',
      countryCode: 'US',
      cardValidUntil: '2031-01-01',
    });
    expect(military.ok ? {} : Object.keys(military.fieldErrors ?? {})).toEqual(['ticketType']);
    // Unknown card type and a customer id that is not one.
    const odd = await runGuarded(addCustomerPassengerDef, (await setup()).owner, {
      customerId: 'x',
      name: '张三',
      idType: '7',
      idNo: '1',
    });
    expect(odd.ok ? {} : Object.keys(odd.fieldErrors ?? {}).sort()).toEqual(['customerId', 'idNo', 'idType']);
  });

  it('stores every card type with its details, sealed, and lists them masked', async () => {
    const { m, customerId, add } = await setup();
    const id = makeIdCard('110101', '1985-06-07', 123);
    const adult = await add({ name: '王大', idType: '1', idNo: id, ticketType: '1', mobile: '13712345678' });
    expect(adult).toMatchObject({ ok: true, data: { name: '王大' } });
    const passport = await add({
      name: 'John Smith',
      idType: '2',
      idNo: 'e1234567',
      ticketType: '1',
      birthday: '1979-02-03',
      sex: '1',
      countryCode: 'gb',
      cardValidUntil: '2030-12-31',
    });
    expect(passport.ok).toBe(true);
    const student = await add({
      name: '李同学',
      idType: '1',
      idNo: makeIdCard('110101', '2005-03-04', 12),
      ticketType: '3',
      school: '北京大学',
      studentNo: 'S2024001',
      enrolYear: '2024',
    });
    expect(student.ok).toBe(true);
    const rows = await db().select().from(customerPassengers).where(eq(customerPassengers.customerId, customerId));
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    // 身份证: birthday and sex from the number; the mobile sealed; nothing stored in the clear.
    expect(byName['王大']).toMatchObject({ birthday: '1985-06-07', sex: 1, mobileMasked: '137****5678' });
    expect(byName['王大']!.idNo).not.toContain(id);
    expect(byName['王大']!.mobile).not.toContain('13712345678');
    expect(byName['John Smith']).toMatchObject({
      idNoMasked: '******67',
      birthday: '1979-02-03',
      sex: 1,
      countryCode: 'GB',
      cardValidUntil: '2030-12-31',
    });
    expect(byName['李同学']).toMatchObject({
      ticketType: 3,
      student: { school: '北京大学', studentNo: 'S2024001', enrolYear: '2024' },
    });
    const listed = await customerPassengersOf(m, customerId);
    expect(listed.map((p) => [p.name, p.idNoMasked, p.ticketTypeLabel, p.mobileMasked])).toEqual([
      ['王大', `${id.slice(0, 4)}**********${id.slice(-4)}`, '成人票', '137****5678'],
      ['John Smith', '******67', '成人票', null],
      ['李同学', expect.stringMatching(/^1101\*{10}\w{4}$/), '学生票', null],
    ]);
    expect(JSON.stringify(listed)).not.toContain(id);
    // The same document twice for one customer is refused on the number's field.
    expect(await add({ name: '王大', idType: '1', idNo: id })).toMatchObject({
      ok: false,
      code: 'conflict',
      fieldErrors: { idNo: ['该客户已有此证件的乘客。'] },
    });
  });
});

describe('invitations create or link the account', () => {
  const PASSWORD = 'Invited-Staff-2026';

  it('a visitor without an account registers with the sign-up rules and joins in one step', async () => {
    const { m, owner } = await agency('邀请');
    const email = unique('newstaff');
    const { token } = await invite(m, owner, email);
    // The sign-up form's rules and the token, in one schema.
    const weak = joinSchema.safeParse({ token, email, displayName: '新员工', password: 'short', confirmPassword: 'x' });
    expect(weak.success).toBe(false);
    expect([...new Set(weak.error?.issues.map((i) => i.path.join('.')))].sort()).toEqual([
      'confirmPassword',
      'password',
    ]);
    expect(
      joinSchema.safeParse({ email, displayName: '新员工', password: PASSWORD, confirmPassword: PASSWORD }).success,
    ).toBe(false);
    const ok = joinSchema.parse({
      token,
      email: email.toUpperCase(),
      displayName: '新员工',
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(ok.account.email).toBe(email);

    // Another email than the one invited is refused and nothing is created.
    const other = unique('other');
    await expect(
      acceptInvitationWithNewAccount(token, { email: other, displayName: '别人', passwordHash: 'h' }),
    ).rejects.toMatchObject({ code: 'validation', fieldErrors: { email: [`请填写收到邀请的邮箱 ${email}。`] } });
    expect(await db().select().from(users).where(eq(users.email, other))).toEqual([]);

    const { agencyId, user: created } = await acceptInvitationWithNewAccount(token, {
      email,
      displayName: '新员工',
      passwordHash: 'h',
    });
    expect(agencyId).toBe(m.agencyId);
    expect(created).toMatchObject({ email, role: 'agent', name: '新员工' });
    expect(await membershipOf(created.id)).toMatchObject({ agencyId: m.agencyId, role: 'staff' });
    expect((await invitationByToken(token))?.acceptedAt).toBeInstanceOf(Date);
    // Used: a second try says so.
    await expect(
      acceptInvitationWithNewAccount(token, { email, displayName: '新员工', passwordHash: 'h' }),
    ).rejects.toMatchObject({ code: 'conflict', message: '该邀请已被接受，不能再次使用。' });
  });

  it('an email that already has an account signs in instead; a signed-in user links as before', async () => {
    const { m, owner } = await agency('链接');
    const existing = await user('existing');
    const { token } = await invite(m, owner, existing.email);
    await expect(
      acceptInvitationWithNewAccount(token, { email: existing.email, displayName: 'x', passwordHash: 'h' }),
    ).rejects.toMatchObject({ code: 'conflict', fieldErrors: { email: ['该邮箱已有账号，请先登录。'] } });
    // The refused attempt left the invitation unused.
    expect((await invitationByToken(token))?.acceptedAt).toBeNull();
    await expect(acceptInvitation(await user('stranger'), token)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await acceptInvitation(existing, token)).toEqual({ agencyId: m.agencyId });
    const [row] = await db().select().from(users).where(eq(users.id, existing.id));
    expect(row?.role).toBe('agent');
  });

  it('a user belongs to at most one agency, even when two invitations are accepted at once', async () => {
    const a = await agency('甲');
    const b = await agency('乙');
    const u = await user('twice');
    const [ta, tb] = [(await invite(a.m, a.owner, u.email)).token, (await invite(b.m, b.owner, u.email)).token];
    const results = await Promise.allSettled([acceptInvitation(u, ta), acceptInvitation(u, tb)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'conflict', message: '该用户已属于一家旅行社。' });
    expect(await db().select().from(agencyMembers).where(eq(agencyMembers.userId, u.id))).toHaveLength(1);
    // The refused invitation is still unused (its transaction rolled back), not burnt.
    const accepted = await Promise.all([ta, tb].map(async (t) => (await invitationByToken(t))?.acceptedAt));
    expect(accepted.filter((x) => x instanceof Date)).toHaveLength(1);
    // An owner cannot be invited into another agency either.
    const { token } = await invite(a.m, a.owner, b.owner.email);
    await expect(acceptInvitation(b.owner, token)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('an expired invitation says so; an unknown token too', async () => {
    const { m, owner } = await agency('过期');
    const email = unique('late');
    const { token } = await invite(m, owner, email);
    await db()
      .update(agencyInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(agencyInvitations.email, email));
    await expect(
      acceptInvitationWithNewAccount(token, { email, displayName: '迟到', passwordHash: 'h' }),
    ).rejects.toMatchObject({ code: 'conflict', message: '邀请链接已过期，请联系旅行社负责人重新邀请。' });
    expect(await db().select().from(users).where(eq(users.email, email))).toEqual([]);
    await expect(acceptInvitation(await user('x'), 'A'.repeat(32))).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('the activity log', () => {
  it('reads each action as a sentence with its subject named, never as its code', async () => {
    const { m, owner } = await agency('动态');
    const { id } = await createCustomer(m, owner, { name: '动态客户', mobile: `136${String(Date.now()).slice(-8)}` });
    const added = await runGuarded(addCustomerPassengerDef, owner, {
      customerId: id,
      name: '动态乘客',
      idType: '1',
      idNo: makeIdCard('110101', '1985-06-07', 77),
      ticketType: '1',
    });
    expect(added.ok).toBe(true);
    const staff = await user('activity');
    await db().update(users).set({ displayName: '员工乙' }).where(eq(users.id, staff.id));
    const { token } = await invite(m, owner, staff.email);
    await acceptInvitation(staff, token);
    await setMemberState(m, owner, staff.id, 'suspend');
    const labels = (await recentActivity(m)).map((a) => a.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        '成员测试 新建客户 动态客户',
        '成员测试 为客户 动态客户 添加常用乘客 动态乘客',
        `成员测试 邀请 ${staff.email} 加入本代理`,
        '员工乙 接受邀请，加入本代理',
        '成员测试 停用了员工 员工乙',
      ]),
    );
    for (const l of labels) expect(internalCodesIn(l)).toEqual([]);
  });
});
