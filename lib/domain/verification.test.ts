import { describe, expect, it } from 'vitest';
import { RULE_TABLE } from './rules';
import {
  identityStateText,
  mobileStateText,
  mobileVerifySteps,
  verificationIssues,
  type VerifyFacts,
} from './verification';

const p = (o: Partial<VerifyFacts>): VerifyFacts => ({
  name: '王芳',
  verifyStatus: 1,
  mobileVerified: true,
  isSelf: false,
  ...o,
});
const levels = (f: VerifyFacts, own = true) => verificationIssues(f, own).map((i) => `${i.kind}:${i.level}`);

describe('phoneVerification decisions (panhe l.364-365; juhe dictionary 308, 401)', () => {
  it('the rules table says which identity states refuse and which warn', () => {
    expect(RULE_TABLE.phoneVerification[0].value).toEqual({
      refuseIdentity: [0, 3, 4],
      warnIdentity: [2],
      refuseUnverifiedAccountHolder: true,
    });
  });

  it.each([
    [0, ['identity:refuse']],
    [1, []],
    [2, ['identity:warn']],
    [3, ['identity:refuse']],
    [4, ['identity:refuse']],
    [5, []],
    [null, []],
  ])('identity %s → %j', (status, expected) => {
    expect(levels(p({ verifyStatus: status }))).toEqual(expected);
  });

  it('refusals name the passenger and say what to do', () => {
    const [pending] = verificationIssues(p({ verifyStatus: 3 }), true);
    expect(pending!.message).toMatch(/^王芳 的身份信息 12306 尚在核验/);
    expect(pending!.message).toMatch(/重新检查|火车站/);
    const [failed] = verificationIssues(p({ verifyStatus: 0 }), true);
    expect(failed!.message).toMatch(/乘客身份信息未通过验证/);
    expect(failed!.message).toMatch(/火车站售票窗口核验身份/);
    const [report] = verificationIssues(p({ verifyStatus: 4 }), true);
    expect(report!.message).toMatch(/报验/);
  });

  it("the account holder's unverified mobile refuses only when the order uses the traveller's own account (401)", () => {
    const holder = p({ isSelf: true, mobileVerified: false });
    expect(levels(holder, true)).toEqual(['accountMobile:refuse']);
    expect(verificationIssues(holder, true)[0]!.message).toMatch(/购票所使用的12306账号未进行手机核验/);
    expect(levels(holder, false)).toEqual(['mobile:warn']);
  });

  it('other passengers with an unverified mobile are warned, never refused; unknown mobile says nothing', () => {
    expect(levels(p({ mobileVerified: false }))).toEqual(['mobile:warn']);
    expect(levels(p({ mobileVerified: null, isSelf: true }))).toEqual([]);
    expect(levels(p({ verifyStatus: 2, mobileVerified: false }))).toEqual(['identity:warn', 'mobile:warn']);
    expect(levels(p({ verifyStatus: 3, isSelf: true, mobileVerified: false }))).toEqual([
      'identity:refuse',
      'accountMobile:refuse',
    ]);
  });
});

describe('states in plain words', () => {
  it('every documented identity state has words; unknown codes are said as such', () => {
    for (const s of [0, 1, 2, 3, 4, 5]) expect(identityStateText(s)).toBeTruthy();
    expect(identityStateText(0)).toMatch(/未通过/);
    expect(identityStateText(3)).toMatch(/待核验/);
    expect(identityStateText(9)).toMatch(/9/);
    expect(identityStateText(null)).toBeNull();
    expect(mobileStateText(true)).toBe('手机已核验。');
    expect(mobileStateText(false)).toBe('手机待核验。');
    expect(mobileStateText(null)).toBeNull();
  });

  it('the steps send the code from the masked mobile to 12306 (l.390 "发送此验证码至‘12306’")', () => {
    expect(mobileVerifySteps('139****1111', '41039186')).toBe(
      '用手机 139****1111 发送短信 41039186 至 12306，即完成手机核验（只需核验一次）。发送后点“重新检查”。',
    );
    expect(mobileVerifySteps(null, '41039186')).toMatch(/^用该乘客登记的手机 发送短信 41039186 至 12306/);
  });
});
