import { describe, expect, it } from 'vitest';
import {
  academicYearOf,
  childTicketRules,
  inStudentWindow,
  studentTicketRefusal,
  studentTicketRules,
  ticketFares,
} from './ticket-types';

describe('child fare from the start (childFarePercent 50 %, rounded to 0.5 yuan like 12306: money.roundToHalfYuan)', () => {
  it('prices each ticket by its type and sums them', () => {
    // 二等座 ¥55.3: adult 5530, child 2765 → ¥27.5 (0.15 dropped), student 75 % = 4147.5 → ¥41.5, 残军 50 %.
    expect(ticketFares(5530, [1, 2, 3, 4], 4)).toEqual({ fares: [5530, 2750, 4150, 2750], totalFen: 15180 });
    // 硬座 ¥13.5: child 675 → ¥7 (0.75 rounds up), student 50 % → ¥7.
    expect(ticketFares(1350, [2, 3], 10)).toEqual({ fares: [700, 700], totalFen: 1400 });
    // 一等座: students pay full fare outside 二等座 / 硬座.
    expect(ticketFares(10000, [3], 3).fares).toEqual([10000]);
    expect(ticketFares(10000, [], 4)).toEqual({ fares: [], totalFen: 0 });
  });
});

describe('child rules text', () => {
  it("quotes the document's height rule and states 12306's 2023 age rule", () => {
    const r = childTicketRules('2026-12-10');
    expect(r.height).toContain('一名成年人旅客可以免费携带一名身高不足1.2米的儿童');
    expect(r.height).toContain('儿童身高为1.2~1.5米的，请购买儿童票；超过1.5米的，请购买全价座票');
    expect(r.age).toContain('满 6 周岁未满 14 周岁购买儿童票（全价的 50%）');
    expect(r.age).toContain('2023 年 1 月 1 日');
  });
});

describe('student windows, academic year and limit', () => {
  it.each([
    ['2026-06-01', true],
    ['2026-09-30', true],
    ['2026-10-01', false],
    ['2026-11-30', false],
    ['2026-12-01', true],
    ['2027-01-15', true],
    ['2027-03-31', true],
    ['2027-04-01', false],
    ['2027-05-31', false],
  ])('%s in a student window: %s', (d, inside) => {
    expect(inStudentWindow(d)).toBe(inside);
  });

  it('the academic year runs from 1 September (studentAcademicYearStart)', () => {
    expect(academicYearOf('2026-12-10')).toEqual({ first: '2026-09-01', last: '2027-08-31' });
    expect(academicYearOf('2027-01-10')).toEqual({ first: '2026-09-01', last: '2027-08-31' });
    expect(academicYearOf('2026-08-31')).toEqual({ first: '2025-09-01', last: '2026-08-31' });
    expect(academicYearOf('2028-02-29')).toEqual({ first: '2027-09-01', last: '2028-08-31' });
  });

  it('refuses outside the windows, without details, and from the fifth trip', () => {
    const ok = { name: '李明', travelDate: '2026-12-10', hasStudentDetails: true, tripsThisYear: 3 };
    expect(studentTicketRefusal(ok)).toBeNull();
    expect(studentTicketRefusal({ ...ok, tripsThisYear: 4 })).toMatch(
      /李明 在本学年（2026-09-01 至 2027-08-31）已购 4 次学生票/,
    );
    expect(studentTicketRefusal({ ...ok, travelDate: '2026-10-20' })).toMatch(
      /李明 的学生票不能预订：学生票只在 6月1日至9月30日、12月1日至3月31日 乘车时发售，2026-10-20 不在其内/,
    );
    expect(studentTicketRefusal({ ...ok, hasStudentDetails: false })).toMatch(/李明 还没有登记学生信息/);
  });

  it('the form states windows, limit and fares', () => {
    const t = studentTicketRules('2026-12-10');
    expect(t).toContain('6月1日至9月30日、12月1日至3月31日');
    expect(t).toContain('每学年限 4 次');
    expect(t).toContain('二等座为全价的 75%');
  });
});
