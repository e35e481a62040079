/**
 * Signs of the sandbox gateway protocol, as Alipay and WeChat Pay sign theirs: every field except
 * `sign` whose value is not empty, sorted by name (code-unit order), joined as `k=v&k=v` with raw
 * (unencoded) values, HMAC-SHA256 under the merchant's secret key, lowercase hex. Values are flat
 * strings or integers (amounts in fen), so the signed text is exactly what went on the wire.
 * Shared with the sandbox (sandbox/payments), which signs what it sends and checks what it gets.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignableValue = string | number | boolean | null | undefined;
export type SignableFields = Readonly<Record<string, SignableValue>>;

/** The text that is signed: sorted non-empty fields except `sign`. */
export function signingString(fields: SignableFields): string {
  return Object.keys(fields)
    .filter((k) => k !== 'sign')
    .filter((k) => {
      const v = fields[k];
      return v !== undefined && v !== null && v !== '';
    })
    .sort()
    .map((k) => `${k}=${String(fields[k])}`)
    .join('&');
}

export function signFields(secretKey: string, fields: SignableFields): string {
  return createHmac('sha256', secretKey).update(signingString(fields), 'utf8').digest('hex');
}

/** The fields with their `sign` added (any `sign` given is replaced). */
export function withSign<T extends SignableFields>(secretKey: string, fields: T): T & { sign: string } {
  return { ...fields, sign: signFields(secretKey, fields) };
}

/** Whether `fields.sign` is the right sign; constant-time, and false when it is missing or not hex. */
export function verifyFields(secretKey: string, fields: SignableFields): boolean {
  const sign = fields.sign;
  if (typeof sign !== 'string' || !/^[0-9a-f]{64}$/i.test(sign)) return false;
  const expected = Buffer.from(signFields(secretKey, fields), 'hex');
  return timingSafeEqual(expected, Buffer.from(sign, 'hex'));
}
