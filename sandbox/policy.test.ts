import { describe, expect, it } from 'vitest';
import { nextOffset } from './clock';
import { decideFault, NO_FAULTS, parseFaultHeader } from './faults';
import { hhmm, parseWireTime, wireTime } from './format';
import { isIdNumber } from './accounts/id-number';
import {
  cancelLockRefusal,
  changeCancelLockRefusal,
  IDENTITY_MISUSED_IDS,
  identityRefusal,
  leavesChildAlone,
  MAX_CANCELS_PER_DAY,
  MAX_CHANGE_CANCELS_PER_DAY,
  payDeadline,
  presaleCheck,
  printedRefusal,
  refundRefusal,
  SPENDING_RESTRICTED_IDS,
  unfinishedOrderRefusal,
} from './policy';

const at = (s: string) => new Date(`${s}+08:00`);

describe('pre-sale window', () => {
  const now = at('2026-03-01T10:00:00');
  it('sells today through today + 14 days; the last day from the station sale-start time', () => {
    expect(presaleCheck('2026-03-01', '北京南', '12:45', now).ok).toBe(true);
    expect(presaleCheck('2026-03-14', '北京南', '12:45', now).ok).toBe(true);
    const last = presaleCheck('2026-03-15', '北京南', '12:45', now);
    expect(last).toEqual({ ok: false, msg: '未到起售时间:北京南站2026-03-15的车票今天12:45起售' });
    expect(presaleCheck('2026-03-15', '北京南', '12:45', at('2026-03-01T12:45:00')).ok).toBe(true);
    expect(presaleCheck('2026-03-16', '北京南', '08:00', at('2026-03-01T23:00:00')).ok).toBe(false);
    expect(presaleCheck('2026-02-28', '北京南', '08:00', now).ok).toBe(false);
  });
});

describe('child-alone rule (msgCode 311)', () => {
  const adult = { id: 1, ticketType: 1, status: 8 };
  const child = { id: 2, ticketType: 2, status: 8 };
  it('refuses the last travelling adult while a child still travels', () => {
    expect(leavesChildAlone([adult, child], 1)).toBe(true);
    expect(leavesChildAlone([adult, child], 2)).toBe(false);
    expect(leavesChildAlone([adult, { ...child, status: 21 }], 1)).toBe(false);
    expect(leavesChildAlone([adult, { id: 3, ticketType: 1, status: 8 }, child], 1)).toBe(false);
  });
});

describe('pay limit and online refund windows', () => {
  const dep = at('2026-03-10T10:00:00');
  it('10 minutes to pay, 2 when the train leaves within 30 minutes of the hold (30 exactly is within)', () => {
    expect(payDeadline(at('2026-03-10T09:29:00'), dep)).toEqual(at('2026-03-10T09:39:00'));
    expect(payDeadline(at('2026-03-10T09:30:00'), dep)).toEqual(at('2026-03-10T09:32:00'));
  });
  it('309 within 5 minutes of issue, then 310 within 25 minutes of departure', () => {
    const issued = at('2026-03-10T08:00:00');
    expect(refundRefusal(issued, dep, at('2026-03-10T08:04:59'))?.msgCode).toBe(309);
    expect(refundRefusal(issued, dep, at('2026-03-10T08:05:00'))).toBeNull();
    expect(refundRefusal(issued, dep, at('2026-03-10T09:35:00'))).toBeNull();
    expect(refundRefusal(issued, dep, at('2026-03-10T09:35:01'))?.msgCode).toBe(310);
  });
});

describe('faults', () => {
  it('parses x-sandbox-fault', () => {
    expect(parseFaultHeader('latency=800,error=503')).toEqual({ latencyMs: 800, errorRate: 1, errorStatus: 503 });
    expect(parseFaultHeader('timeout')).toEqual({ timeoutRate: 1 });
    expect(parseFaultHeader('malformed, error')).toEqual({ malformedRate: 1, errorRate: 1, errorStatus: 503 });
    expect(parseFaultHeader('error=200,latency=-5,bogus')).toEqual({ errorRate: 1, errorStatus: 503 });
    expect(parseFaultHeader(undefined)).toEqual({});
  });
  it('decides per request (timeout before error before malformed)', () => {
    expect(decideFault(NO_FAULTS).kind).toBe('none');
    expect(decideFault({ ...NO_FAULTS, errorRate: 1, timeoutRate: 1 }).kind).toBe('timeout');
    expect(decideFault({ ...NO_FAULTS, errorRate: 0.5 }, () => 0.7).kind).toBe('none');
    expect(decideFault({ ...NO_FAULTS, errorRate: 0.5, errorStatus: 502 }, () => 0.2)).toEqual({
      kind: 'error',
      latencyMs: 0,
      status: 502,
    });
  });
});

describe('clock and formats', () => {
  it('computes the clock offset: reset, setTo, advance', () => {
    const real = Date.parse('2026-01-01T00:00:00Z');
    expect(nextOffset(5000, { advanceMinutes: 2 }, real)).toBe(125_000);
    expect(nextOffset(5000, { reset: true }, real)).toBe(0);
    expect(nextOffset(0, { setTo: '2026-01-01T01:00:00Z', advanceMinutes: 1 }, real)).toBe(3_660_000);
  });
  it('formats Beijing wire times', () => {
    const d = parseWireTime('2024-01-27 06:57');
    expect(d.toISOString()).toBe('2024-01-26T22:57:00.000Z');
    expect(wireTime(d, true)).toBe('2024-01-27 06:57:00');
    expect(hhmm(269)).toBe('04:29');
  });
});

describe('daily cancel limit (DOMAIN_NOTES l.13; juhe dictionary 206)', () => {
  it('lets three holds be cancelled a day and refuses the fourth with msgCode 206 and the dictionary text', () => {
    expect(MAX_CANCELS_PER_DAY).toBe(3);
    for (const n of [0, 1, 2]) expect(cancelLockRefusal(n)).toBeNull();
    expect(cancelLockRefusal(3)).toEqual({ msgCode: 206, msg: '取消次数过多,取消请求已锁定' });
    expect(cancelLockRefusal(5)?.msgCode).toBe(206);
  });
});

describe('issue 26 item 13: the documented failures', () => {
  it('302 / 306 for the listed ID numbers only (valid GB 11643 numbers)', () => {
    for (const id of [...IDENTITY_MISUSED_IDS, ...SPENDING_RESTRICTED_IDS]) expect(isIdNumber(id)).toBe(true);
    expect(identityRefusal('甲', IDENTITY_MISUSED_IDS[0]!)).toMatchObject({ msgCode: 302 });
    expect(identityRefusal('甲', IDENTITY_MISUSED_IDS[0]!)!.msg).toContain('乘客身份信息涉嫌被他人冒用');
    expect(identityRefusal('乙', ` ${SPENDING_RESTRICTED_IDS[1]!.toLowerCase()} `)).toMatchObject({ msgCode: 306 });
    expect(identityRefusal('丙', '110101198003033021')).toBeNull();
  });
  it('210 when the account has another unpaid hold', () => {
    expect(unfinishedOrderRefusal(0)).toBeNull();
    expect(unfinishedOrderRefusal(1)).toMatchObject({ msgCode: 210 });
    expect(unfinishedOrderRefusal(1)!.msg.startsWith('该账号有未完成的订单,无法继续执行此操作')).toBe(true);
  });
  it('312 for a printed ticket', () => {
    expect(printedRefusal(false)).toBeNull();
    expect(printedRefusal(true)).toMatchObject({ msgCode: 312 });
    expect(printedRefusal(true)!.msg).toContain('不支持网上退票');
  });
  it('318 from the 4th cancel of a day (3 allowed, like 206)', () => {
    expect(changeCancelLockRefusal(MAX_CHANGE_CANCELS_PER_DAY - 1)).toBeNull();
    expect(changeCancelLockRefusal(MAX_CHANGE_CANCELS_PER_DAY)).toMatchObject({ msgCode: 318 });
    expect(MAX_CHANGE_CANCELS_PER_DAY).toBe(3);
  });
});
