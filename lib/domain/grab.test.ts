import { describe, expect, it } from 'vitest';
import { checkGrab, dearestFareFen, grabAfterSalesStatus, latestDeadline, prepaidFen, tooCloseForGrab } from './grab';

const now = new Date('2026-12-01T00:00:00Z');
const at = (h: number) => new Date(now.getTime() + h * 3_600_000);
const alt = (trainCode: string, h: number, priceFen: number, seatType = 4, date = '2026-12-02') => ({
  trainCode,
  date,
  seatType,
  departAt: at(h),
  priceFen,
});
const adults = (n: number) => Array.from({ length: n }, () => ({ ticketType: 1 }));

describe('grab rules (juhe-grab-ticket-dictionary tips)', () => {
  it('3 hours before departure is the boundary', () => {
    expect(tooCloseForGrab(at(3), now)).toBe(false);
    expect(tooCloseForGrab(new Date(at(3).getTime() - 1), now)).toBe(true);
  });

  it('prepays the dearest alternate for every passenger', () => {
    expect(prepaidFen([alt('G1', 30, 55_300), alt('G3', 30, 93_300, 3)], 2)).toBe(186_600);
  });

  it('a sleeper prepays its dearest berth, not the headline upper-berth price (issue 23: 18,350 upper, 19,700 lower)', () => {
    const sleeper = {
      priceFen: 18_350,
      berths: [{ priceFen: 18_350 }, { priceFen: 19_000 }, { priceFen: 19_700 }],
    };
    expect(dearestFareFen(sleeper)).toBe(19_700);
    expect(dearestFareFen({ priceFen: 55_300, berths: [] })).toBe(55_300);
  });

  it('the deadline may reach the last departure minus the 25-minute sales cut-off', () => {
    const last = latestDeadline([alt('G1', 30, 1), alt('G3', 40, 1)])!;
    expect(last.toISOString()).toBe(new Date(at(40).getTime() - 25 * 60_000).toISOString());
    const base = { alternates: [alt('G1', 30, 1)], passengers: adults(1) };
    expect(checkGrab({ ...base, deadline: new Date(at(30).getTime() - 25 * 60_000) }, now)).toEqual({ ok: true });
    expect(checkGrab({ ...base, deadline: new Date(at(30).getTime() - 24 * 60_000) }, now)).toMatchObject({
      ok: false,
      field: 'deadline',
    });
  });

  it('5 passengers at most, no student or 残军, children not alone', () => {
    const base = { alternates: [alt('G1', 30, 1)], deadline: at(20) };
    expect(checkGrab({ ...base, passengers: adults(5) }, now)).toEqual({ ok: true });
    expect(checkGrab({ ...base, passengers: adults(6) }, now)).toMatchObject({ message: '抢票单最多 5 位乘客。' });
    for (const ticketType of [3, 4])
      expect(checkGrab({ ...base, passengers: [{ ticketType }] }, now)).toMatchObject({ field: 'passengers' });
    expect(checkGrab({ ...base, passengers: [{ ticketType: 2 }] }, now)).toMatchObject({ field: 'passengers' });
  });

  it('refuses a train within 3 hours, duplicates and too many trains (msgCode 220)', () => {
    const p = adults(1);
    expect(checkGrab({ alternates: [alt('G1', 2, 1)], passengers: p, deadline: at(1) }, now)).toMatchObject({
      field: 'alternates',
    });
    expect(
      checkGrab({ alternates: [alt('G1', 30, 1), alt('G1', 30, 1)], passengers: p, deadline: at(20) }, now),
    ).toMatchObject({ message: '备选车次席别重复。' });
    const six = ['G1', 'G3', 'G5', 'G7', 'G9', 'G11'].map((c) => alt(c, 30, 1));
    expect(checkGrab({ alternates: six, passengers: p, deadline: at(20) }, now)).toMatchObject({
      message: expect.stringContaining('超过上限') as string,
    });
  });
});

describe("grab after success: T 已退票 / E 已改签 from the result order's tickets", () => {
  const t = (id: string, status: number, replacesTicketId: string | null = null) => ({ id, status, replacesTicketId });
  it('stays F while tickets are issued or only some are refunded', () => {
    expect(grabAfterSalesStatus([t('a', 8), t('b', 8)])).toBeNull();
    expect(grabAfterSalesStatus([t('a', 21), t('b', 8)])).toBeNull();
    expect(grabAfterSalesStatus([t('a', 20)])).toBeNull(); // 退票中 is not refunded yet
    expect(grabAfterSalesStatus([])).toBeNull();
  });
  it('T once every passenger is refunded (21, or 23 with the money still to come)', () => {
    expect(grabAfterSalesStatus([t('a', 21), t('b', 23)])).toBe('T');
  });
  it('E once a change completed, also when the other passengers were refunded', () => {
    expect(grabAfterSalesStatus([t('a', 34), t('n', 8, 'a')])).toBe('E');
    expect(grabAfterSalesStatus([t('a', 34), t('b', 21), t('n', 8, 'a')])).toBe('E');
    // A change still in progress is not a change yet.
    expect(grabAfterSalesStatus([t('a', 31)])).toBeNull();
  });
  it('T when the changed ticket is refunded too (E → T)', () => {
    expect(grabAfterSalesStatus([t('a', 34), t('b', 21), t('n', 21, 'a')])).toBe('T');
  });
});
