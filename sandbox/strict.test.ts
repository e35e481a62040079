import { describe, expect, it } from 'vitest';
import { documentedFieldProblem, REQUEST_SPECS } from './strict';

const passenger = {
  name: '张三',
  cardType: 1,
  cardNo: '110101198501011234',
  mobile: '13800138000',
  ticketType: 1,
  seatType: 4,
};
const create = {
  contactName: '张三',
  contactMobile: '13800138000',
  trainCode: 'G1',
  fromStation: '北京南',
  toStation: '上海',
  fromDateTime: '2026-12-10 07:00',
  toDateTime: '2026-12-10 11:29',
  trainAccount: 'x',
  trainPassword: 'y',
  isChooseSeats: false,
  chooseSleeper: '',
  passengers: [passenger],
};
const check = (body: Record<string, unknown>) => documentedFieldProblem(REQUEST_SPECS['order/create']!, body);
const withPassenger = (p: Record<string, unknown>) => check({ ...create, passengers: [{ ...passenger, ...p }] });

describe('documented fields of 创单 (panhe-train-api.md l.78-106)', () => {
  it('accepts a documented request; numbers may come as strings, as the docs example sends them', () => {
    expect(check(create)).toBeNull();
    expect(withPassenger({ cardType: '1', seatType: '4' })).toBeNull();
    expect(check({ ...create, isChooseSeats: true, chooseSeats: '1A' })).toBeNull();
    expect(check({ ...create, chooseSleeper: '100' })).toBeNull();
  });
  it('names a missing required field, nested ones by position', () => {
    const { chooseSleeper: _, ...noSleeper } = create;
    expect(check(noSleeper)).toBe('参数无效:缺少必填字段chooseSleeper');
    const { mobile: __, ...noMobile } = passenger;
    expect(check({ ...create, passengers: [noMobile] })).toBe('参数无效:缺少必填字段passengers[0].mobile');
  });
  it.each([
    [{ contactMobile: '1380013800' }, 'contactMobile格式不正确(须为11位手机号)'],
    [{ fromDateTime: '2026-12-10T07:00' }, 'fromDateTime格式不正确(须为yyyy-MM-dd HH:mm)'],
    [{ fromDateTime: '2026-02-30 07:00' }, 'fromDateTime格式不正确'],
    [{ isChooseSeats: 'false' }, 'isChooseSeats格式不正确(须为 true 或 false)'],
    [{ chooseSeats: '3A' }, 'chooseSeats格式不正确'],
    [{ chooseSeats: '1E' }, 'chooseSeats格式不正确'],
    [{ chooseSleeper: '12' }, 'chooseSleeper格式不正确'],
    [{ passengers: [] }, 'passengers格式不正确(至少1项)'],
    [{ passengers: 'x' }, 'passengers格式不正确(须为数组)'],
  ])('refuses %o', (patch, words) => {
    expect(check({ ...create, ...patch })).toContain(words);
  });
  it.each([
    [{ cardType: 5 }, 'passengers[0].cardType格式不正确(须为 1/2/3/4/8/9 之一)'],
    [{ ticketType: 5 }, 'passengers[0].ticketType格式不正确(须为 1/2/3/4 之一)'],
    [{ seatType: 20 }, 'passengers[0].seatType格式不正确'],
    [{ seatType: 4.5 }, 'passengers[0].seatType格式不正确(须为整数)'],
    [{ birthday: '1990/01/01' }, 'passengers[0].birthday格式不正确(须为yyyy-MM-dd)'],
    [{ sex: 3 }, 'passengers[0].sex格式不正确'],
    [{ mobile: '+8613800138000' }, 'passengers[0].mobile格式不正确'],
  ])('refuses passenger %o', (patch, words) => {
    expect(withPassenger(patch)).toContain(words);
  });
});

describe('other requests', () => {
  it('确认出票: sign 32 lower-case hex, payAmount two decimals', () => {
    const spec = REQUEST_SPECS['order/confirm']!;
    const sign = 'a'.repeat(32);
    expect(documentedFieldProblem(spec, { orderNo: 'TO1', sign, payAmount: 12.5 })).toBeNull();
    expect(documentedFieldProblem(spec, { orderNo: 'TO1', sign, payAmount: 12.345 })).toContain('payAmount');
    expect(documentedFieldProblem(spec, { orderNo: 'TO1', sign: 'A'.repeat(32) })).toContain('sign');
  });
  it("申请改签: ticket numbers joined by '|', remark required", () => {
    const spec = REQUEST_SPECS['order/change']!;
    const body = {
      orderNo: 'TO1',
      changePsgTicketNos: 'E1|E2',
      fromStation: '苏州',
      toStation: '昆山',
      trainCode: 'G1',
      seatType: 4,
      fromDateTime: '2026-12-10 07:00',
      toDateTime: '2026-12-10 07:30',
      isChooseSeats: false,
      chooseSleeper: '',
      remark: '行程有变',
    };
    expect(documentedFieldProblem(spec, body)).toBeNull();
    expect(documentedFieldProblem(spec, { ...body, changePsgTicketNos: 'E1||E2' })).toContain('changePsgTicketNos');
    expect(documentedFieldProblem(spec, { ...body, remark: ' ' })).toContain('remark格式不正确(不能为空)');
  });
});
