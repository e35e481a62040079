/**
 * Grabs and the document fields 创单 needs per ID type (panhe-train-api.md l.103-106), over the real
 * sandbox: a passport passenger's grab succeeds with the ID's birthday, sex and country on its ticket;
 * a grab whose passenger lacks the birthday, or whose card type one configured provider cannot book,
 * is refused when it is made (a grab may be booked by any configured provider).
 */
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { orderTickets, savedPassengers } from '@/db/schema';
import { runGuarded } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/roles';
import { idNoHash, sealPii } from '@/lib/crypto/pii';
import { SEAT_TYPE } from '@/lib/domain/seats';
import { GRAB_STATUS } from '@/lib/domain/states';
import { daysAhead, harnessForFile, newTraveller } from '@/lib/orders/harness.int';
import { grabRow, payGrab, waitGrab } from './harness.int';
import { createGrabDef, newGrabRequestNo } from './orders';

vi.hoisted(() => {
  process.env.SEARCH_CACHE_TTL_MS = '1000';
  process.env.GRAB_SEARCH_INTERVAL_MS = '1000';
});

const h = harnessForFile();
const date = daysAhead(10);

async function passport(user: SessionUser, name: string, over: Record<string, unknown> = {}) {
  const idType = (over.idType as string | undefined) ?? '2';
  const idNo = (over.idNo as string | undefined) ?? `E${randomInt(1e7, 1e8)}`;
  const [p] = await db()
    .insert(savedPassengers)
    .values({
      userId: user.id,
      name,
      idType,
      idNo: sealPii(idNo),
      idNoHash: idNoHash(idType, idNo),
      ticketType: 1,
      birthday: '1985-07-08',
      sex: 2,
      countryCode: 'GB',
      cardValidUntil: '2033-01-01',
      ...over,
    })
    .returning({ id: savedPassengers.id });
  return { id: p!.id, idType, idNo };
}

const grabInput = (passengerId: string) => ({
  requestNo: newGrabRequestNo(),
  alternates: [{ trainCode: 'G1', fromStation: '北京南', toStation: '上海', date, seatType: SEAT_TYPE.FIRST }],
  passengers: [{ passengerId, ticketType: 1 }],
  deadline: `${daysAhead(9)}T12:00`,
  contactMobile: '13800138000',
});

describe('grabs: document fields per ID type', () => {
  it('a passport passenger grab succeeds, the ticket carrying the ID details and hash', async () => {
    const user = await newTraveller('grabdocs');
    const p = await passport(user, 'EMMA STONE');
    const r = await runGuarded(createGrabDef, user, grabInput(p.id));
    if (!r.ok) throw new Error(r.message);
    await payGrab(h, user, r.data.grabId);
    await waitGrab(r.data.grabId, GRAB_STATUS.SUCCEEDED, '抢票成功');
    const grab = await grabRow(r.data.grabId);
    const [t] = await db().select().from(orderTickets).where(eq(orderTickets.orderId, grab.resultOrderId!));
    expect([t!.idType, t!.birthday, t!.sex, t!.countryCode, t!.cardValidUntil, t!.idNoHash]).toEqual([
      '2',
      '1985-07-08',
      2,
      'GB',
      '2033-01-01',
      idNoHash(p.idType, p.idNo),
    ]);
  }, 60_000);

  it('refuses a grab whose passport passenger lacks the birthday, naming passenger and field', async () => {
    const user = await newTraveller('grabdocs');
    const p = await passport(user, 'NOAH KIM', { birthday: null });
    const r = await runGuarded(createGrabDef, user, grabInput(p.id));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('NOAH KIM');
      expect(r.message).toContain('出生日期');
    }
  });

  it('refuses a grab on a card type a configured provider cannot book (Juhe: 8)', async () => {
    const user = await newTraveller('grabdocs');
    const p = await passport(user, 'LIAM WU', { idType: '8', idNo: `GBR${randomInt(1e11, 1e12)}` });
    const r = await runGuarded(createGrabDef, user, grabInput(p.id));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('经聚合数据出票不能使用外国人永久居留身份证');
  });
});
