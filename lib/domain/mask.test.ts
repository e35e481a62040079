import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone, maskPii } from './mask';

describe('masking', () => {
  it('keeps the first 4 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('110101199003078515')).toBe('1101**********8515');
    expect(maskIdNumber('E12345678')).toBe('*******78');
  });

  it('masks the middle four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('*****');
  });

  it('masks nested payloads without touching other fields', () => {
    const masked = maskPii({
      orderNo: 'T1',
      passengers: [{ passengerName: '张三', passportSeNo: '110101199003078515', mobile: '13812345678' }],
      trainPassword: 'abc',
    });
    expect(masked).toEqual({
      orderNo: 'T1',
      passengers: [{ passengerName: '张三', passportSeNo: '1101**********8515', mobile: '138****5678' }],
      trainPassword: '[redacted]',
    });
  });
});
