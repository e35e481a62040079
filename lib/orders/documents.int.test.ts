/**
 * Required passenger fields per ID type (issue 26 item 1; panhe-train-api.md 创单 l.103-106, 账号注册
 * l.296-306) against the strict sandbox over real HTTP: a passport, a 港澳 and a 台胞 passenger booked
 * and issued through Panhe, a passport through Juhe; a raw 创单 without the birthday refused by the
 * sandbox with msgCode 101; the portal refusing such a booking without sending it; a 港澳 registration
 * without an e-mail refused by the portal's validation and by the sandbox.
 */
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { orders, orderTickets, savedPassengers } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import { idNoHash, openPii, sealPii } from '@/lib/crypto/pii';
import { ProviderError, type TicketProvider } from '@/lib/provider';
import type { ProviderClient } from '@/lib/provider/adapters/panhe/client';
import { providerFor } from '@/lib/provider/registry';
import { registerDef } from '@/lib/train-account/service';
import { accountProviderClient } from '@/lib/train-account/store';
import { createBookingDef } from './create';
import type { BookedPerson } from './documents';
import {
  bookingInput,
  control,
  daysAhead,
  expectClean,
  harnessForFile,
  issuedOrder,
  orderRow,
  waitStatus,
} from './harness.int';

const h = harnessForFile();

const digits = (n: number) => String(randomInt(10 ** (n - 1), 10 ** n));
/** A passenger's document as booking reads it (lib/orders/documents BookedPerson). */
type Doc = BookedPerson;
const passportOf = (name: string): Doc => ({
  name,
  idType: '2',
  idNo: `E${digits(8)}`,
  birthday: '1980-05-01',
  sex: 1,
  countryCode: 'US',
  cardValidUntil: '2032-01-01',
});
const hkOf = (name: string): Doc => ({
  name,
  idType: '3',
  idNo: `H${digits(8)}`,
  birthday: '1990-01-02',
  sex: 2,
  cardValidUntil: '2031-06-30',
});
const twOf = (name: string): Doc => ({
  name,
  idType: '4',
  idNo: digits(8),
  birthday: '1975-11-20',
  sex: 1,
  cardValidUntil: '2030-03-01',
});

/** A saved passenger of the harness's traveller, written as old rows and synced ones may be. */
async function saved(d: Doc): Promise<string> {
  const [p] = await db()
    .insert(savedPassengers)
    .values({
      userId: h.user.id,
      name: d.name,
      idType: d.idType,
      idNo: sealPii(d.idNo),
      idNoHash: idNoHash(d.idType, d.idNo),
      ticketType: 1,
      birthday: d.birthday ?? null,
      sex: d.sex ?? null,
      countryCode: d.countryCode ?? null,
      cardValidUntil: d.cardValidUntil ?? null,
      mobile: d.mobile ? sealPii(d.mobile) : null,
    })
    .returning({ id: savedPassengers.id });
  return p!.id;
}

const ticketsOf = (orderId: string) =>
  db().select().from(orderTickets).where(eq(orderTickets.orderId, orderId)).orderBy(orderTickets.position);
const stats = async () => control<Record<string, number>>(h.sandbox, 'GET', 'stats');

describe('document fields per ID type', () => {
  it('a passport, a 港澳 and a 台胞 passenger are booked and issued through Panhe, their details on the tickets', async () => {
    const docs = [passportOf('JOHN SMITH'), hkOf('陈大文'), twOf('林志明')];
    docs[1]!.mobile = '13911112222';
    const ids = await Promise.all(docs.map(saved));
    const id = await issuedOrder(h, [], {
      days: 5,
      passengers: ids.map((passengerId) => ({ passengerId, ticketType: 1 })),
    });
    expect((await orderRow(id)).provider).toBe('panhe');
    const tickets = await ticketsOf(id);
    expect(tickets.map((t) => t.status)).toEqual([8, 8, 8]);
    expect(tickets.map((t) => [t.idType, t.birthday, t.sex, t.countryCode, t.cardValidUntil])).toEqual([
      ['2', '1980-05-01', 1, 'US', '2032-01-01'],
      ['3', '1990-01-02', 2, null, '2031-06-30'],
      ['4', '1975-11-20', 1, null, '2030-03-01'],
    ]);
    // The same lookup hash saved passengers carry; the passenger's own mobile sealed, none otherwise.
    expect(tickets.map((t) => t.idNoHash)).toEqual(docs.map((d) => idNoHash(d.idType, d.idNo)));
    expect(tickets[1]!.mobile).not.toBe('13911112222');
    expect(openPii(tickets[1]!.mobile!)).toBe('13911112222');
    expect(tickets[0]!.mobile).toBeNull();
    await expectClean([id]);
  });

  it('a passport passenger is booked and issued through Juhe (passporttypeseid B)', async () => {
    const pid = await saved(passportOf('MARY JONES'));
    const id = await issuedOrder(h, [], {
      days: 6,
      provider: 'juhe',
      passengers: [{ passengerId: pid, ticketType: 1 }],
    });
    expect((await orderRow(id)).provider).toBe('juhe');
    const [t] = await ticketsOf(id);
    expect([t!.status, t!.idType, t!.birthday, t!.countryCode]).toEqual([8, '2', '1980-05-01', 'US']);
    await expectClean([id]);
  });

  it('the sandbox refuses a raw 创单 whose passport passenger lacks the birthday with msgCode 101, naming the field', async () => {
    const panhe = providerFor('panhe') as TicketProvider & { client: ProviderClient };
    const date = daysAhead(7);
    const lines = await panhe.client.search({ fromStation: '北京南', toStation: '上海', fromDate: date });
    const g1 = lines.trainLines!.find((l) => l.trainCode === 'G1')!;
    const doc = passportOf('PETER PAN');
    const req = (birthday: string | null) => ({
      customerOrderNo: `DOC${Date.now()}${digits(4)}`,
      contactName: 'PETER PAN',
      contactMobile: '13800138000',
      trainCode: 'G1',
      fromStation: g1.fromStation,
      toStation: g1.toStation,
      fromDateTime: g1.fromDateTime,
      toDateTime: g1.toDateTime,
      trainAccount: 'sandbox',
      trainPassword: 'sandbox123',
      isChooseSeats: false,
      chooseSleeper: '',
      passengers: [
        {
          name: doc.name,
          cardType: 2,
          cardNo: doc.idNo,
          mobile: '13800138000',
          ticketType: 1,
          seatType: 4,
          sex: 1,
          countryCode: 'US',
          ...(birthday ? { birthday } : {}),
        },
      ],
    });
    const refused = await panhe.client.createOrder(req(null)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderError);
    expect(refused).toMatchObject({ kind: 'business', msgCode: 101 });
    expect((refused as ProviderError).message).toContain('缺少birthday');
    expect((refused as ProviderError).message).toContain('PETER PAN');
    // The same request with the birthday is taken (so the birthday alone made the difference).
    const taken = await panhe.client.createOrder(req('1980-05-01'));
    expect(taken.orderNo).toBeTruthy();
    await panhe.client.cancelOrder(taken.orderNo).catch(() => undefined);
  });

  it('the portal refuses (never sends) a booking whose saved passport passenger lacks the birthday', async () => {
    const pid = await saved({ ...passportOf('ANNA LEE'), birthday: null });
    const before = (await stats())['/train/order/create'] ?? 0;
    const input = bookingInput(5, { passengers: [{ passengerId: pid, ticketType: 1 }] });
    const r = await runGuarded(createBookingDef, h.user, input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('validation');
    expect(r.message).toContain('ANNA LEE');
    expect(r.message).toContain('出生日期');
    expect(r.message).toContain('常用乘客');
    expect(r.fieldErrors?.passengers?.[0]).toContain('ANNA LEE');
    expect((await stats())['/train/order/create'] ?? 0).toBe(before);
    expect(await db().select().from(orders).where(eq(orders.customerOrderNo, input.customerOrderNo))).toEqual([]);
  });

  it('the portal refuses a card type Juhe cannot book (8 外国人永久居留身份证) before sending', async () => {
    const pid = await saved({ ...passportOf('ZHANG WEI'), idType: '8', idNo: `USA${digits(12)}` });
    const juheSubmits = async () => (await stats())['/trainTickets/submit'] ?? 0;
    const before = await juheSubmits();
    const r = await runGuarded(
      createBookingDef,
      h.user,
      bookingInput(6, { provider: 'juhe', passengers: [{ passengerId: pid, ticketType: 1 }] }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('经聚合数据出票不能使用外国人永久居留身份证');
    expect(await juheSubmits()).toBe(before);
  });

  it('a 外国人永久居留身份证 passenger with every detail is booked through Panhe', async () => {
    const pid = await saved({ ...passportOf('ZHAO LI'), idType: '8', idNo: `CAN${digits(12)}`, countryCode: 'CA' });
    const input = bookingInput(8, { passengers: [{ passengerId: pid, ticketType: 1 }] });
    const r = await runGuarded(createBookingDef, h.user, input);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    h.mine.push(r.data.orderId);
    await waitStatus(r.data.orderId, 2);
  });
});

describe('12306 registration: document fields per card type (账号注册 l.296-306)', () => {
  const base = () => ({
    account: `r${digits(9)}`,
    password: 'abc_1234',
    name: '陈小明',
    idType: '3',
    idNo: `H${digits(8)}`,
    mobile: `137${digits(8)}`,
    msgCode: '123456',
    passengerType: '1',
    birthday: '1990-01-02',
    sex: '1',
    cardValidUntil: '2031-01-01',
  });

  it('the portal refuses a 港澳 registration without an e-mail, naming the field, and sends nothing', async () => {
    const before = (await stats())['/train/account/register'] ?? 0;
    const r = await runGuarded(registerDef, h.user, base());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors?.email?.[0]).toContain('邮箱');
    expect((await stats())['/train/account/register'] ?? 0).toBe(before);
    // A passport needs the country and takes no e-mail requirement.
    const passport = await runGuarded(registerDef, h.user, { ...base(), idType: '2', idNo: `E${digits(8)}` });
    expect(passport.ok).toBe(false);
    if (!passport.ok) expect(Object.keys(passport.fieldErrors ?? {})).toEqual(['countryCode']);
  });

  it('the sandbox refuses a 港澳 registration without an e-mail (101), takes it with one, as a student', async () => {
    const b = base();
    const raw = {
      trainAccount: b.account,
      trainPassword: b.password,
      name: b.name,
      cardType: 3,
      cardNo: b.idNo,
      mobile: b.mobile,
      passengerType: 3,
      smsCode: '123456',
      sex: 1 as const,
      birthday: b.birthday,
      cardValidUntil: b.cardValidUntil,
    };
    const refused = await accountProviderClient()
      .register(raw)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'business', msgCode: 101 });
    expect((refused as ProviderError).message).toContain('email');
    // Through the portal's own form: passengerType 3 and the e-mail go along.
    const ok = await runGuarded(registerDef, h.user, { ...b, passengerType: '3', email: 'chan@example.hk' });
    expect(ok.ok, JSON.stringify(ok)).toBe(true);
  });
});
