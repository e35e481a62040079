import { describe, expect, it } from 'vitest';
import { inferMsgCode, MSG } from './errors';

describe('inferMsgCode: the identity and repeat-booking wordings (FAQ §4, §29, §38)', () => {
  it.each([
    ['乘客身份信息未通过验证_订票失败', MSG.IDENTITY_UNVERIFIED],
    ['张三_身份信息涉嫌被他人冒用', MSG.IDENTITY_MISUSED],
    ['乘客已被法院依法限制高消费', MSG.SPENDING_RESTRICTED],
    ['乘客已预定该车次', MSG.SAME_TRAIN],
    ['张三已订12月08日的G123的车票', MSG.TRIP_CONFLICT],
    ['12306账号未通过身份信息核验,请核验后重试', MSG.ACCOUNT_IDENTITY_UNVERIFIED],
    ['该坐席已售完', MSG.SOLD_OUT],
  ])('%s → %i', (msg, code) => {
    expect(inferMsgCode(msg)).toBe(code);
  });

  it('leaves our own words and unknown texts alone', () => {
    expect(inferMsgCode('长时间未收到 12306 的占位结果，订单已关闭（未产生扣款）。')).toBeNull();
  });
});
