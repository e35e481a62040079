import { describe, expect, it } from 'vitest';
import { MSG, MSG_CODES } from '@/protocol/panhe/codes';
import {
  COVERED_CODES,
  plainFailure,
  QUEUE_GAVE_UP_WORDS,
  REFUSAL_WORDS,
  refusalText,
  refusalWords,
  type RefusalPath,
} from './refusals';

const PATHS: RefusalPath[] = ['hold', 'issue', 'cancel', 'refund', 'change', 'account'];

describe('refusals: every catalogued failure in plain words (issue 26 item 3)', () => {
  it('covers every catalogue code but 请求成功', () => {
    const all = Object.keys(MSG_CODES).map(Number);
    expect(COVERED_CODES).toEqual(all.filter((c) => c !== MSG.OK));
    for (const code of COVERED_CODES) expect(REFUSAL_WORDS[code], `code ${code}`).toBeTruthy();
    // the codes the issue names
    for (const code of [302, 305, 306, 307, 308, ...Array.from({ length: 17 }, (_, i) => 401 + i)])
      expect(COVERED_CODES).toContain(code);
  });

  it('says more than the catalogue text on every path (each message carries advice)', () => {
    for (const path of PATHS)
      for (const code of COVERED_CODES) {
        const words = refusalWords(path, code);
        expect(words, `${path} ${code}`).toBeTruthy();
        expect(words, `${path} ${code}`).not.toBe(MSG_CODES[code]);
        expect(words!.length, `${path} ${code}`).toBeGreaterThan(MSG_CODES[code]!.length);
        // what to do: every message ends with advice or a plain statement of the outcome
        expect(words, `${path} ${code}`).toMatch(/[。]$/);
      }
  });

  it('quotes the FAQ advice for the identity failures (§4) and the 45-minute retry (§29)', () => {
    expect(refusalWords('hold', MSG.IDENTITY_UNVERIFIED)).toMatch(/火车站核验身份/);
    expect(refusalWords('hold', MSG.IDENTITY_UNVERIFIED)).toMatch(/证件号码/);
    expect(refusalWords('hold', MSG.IDENTITY_MISUSED)).toMatch(/火车站.*核验身份/);
    expect(refusalWords('hold', MSG.SAME_TRAIN)).toMatch(/45 分钟后再试/);
    expect(plainFailure('hold', null, '提交订单成功,程序自动排队,未获取到订单号')).toEqual({
      text: QUEUE_GAVE_UP_WORDS,
      raw: '提交订单成功,程序自动排队,未获取到订单号',
      code: null,
    });
  });

  it('keeps the provider text for a details line when it differs', () => {
    const f = plainFailure('hold', MSG.IDENTITY_UNVERIFIED, '乘客身份信息未通过验证_订票失败');
    expect(f.text).toBe(REFUSAL_WORDS[MSG.IDENTITY_UNVERIFIED]);
    expect(f.raw).toBe('乘客身份信息未通过验证_订票失败');
    // our own words (no code) are shown as they are, with no details line
    expect(plainFailure('hold', null, '请重新绑定 12306 账号。')).toEqual({
      text: '请重新绑定 12306 账号。',
      raw: null,
      code: null,
    });
    expect(plainFailure('hold', null, null).text).toMatch(/^占位失败，原因未知/);
  });

  it('gives path-specific advice where the path matters, and a lead-in for unknown texts', () => {
    expect(refusalText('refund', MSG.BAD_TICKET_STATE, 'x')).toMatch(/不能退票/);
    expect(refusalText('change', MSG.BAD_TICKET_STATE, 'x')).toMatch(/不能改签/);
    expect(refusalText('change', MSG.SOLD_OUT, 'x')).toMatch(/新车次/);
    expect(refusalText('refund', null, '网络不稳定')).toBe('退票未被受理：网络不稳定');
    expect(refusalText('change', null, '网络不稳定')).toBe('改签未被受理：网络不稳定');
  });
});
