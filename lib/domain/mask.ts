/**
 * PII masking. ID numbers and phone numbers are shown masked everywhere except the owner's own edit
 * form; stored copies of provider payloads are masked the same way before they are written.
 */

/** 110101199003078515 -> 1101**********8515; short values keep at most their last 2 characters. */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length >= 10) return `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
  if (s.length <= 2) return '*'.repeat(s.length);
  return `${'*'.repeat(s.length - 2)}${s.slice(-2)}`;
}

/** 13812345678 -> 138****5678 */
export function maskPhone(phone: string): string {
  const s = phone.trim();
  if (s.length >= 8) return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
  return '*'.repeat(s.length);
}

const ID_KEYS = /^(passportseno|passportSeNo|idNo|idNumber|idCard|cardNo|certNo)$/i;
const PHONE_KEYS = /^(mobile|phone|phoneNo|mobileNo|contactMobile|tel)$/i;
const SECRET_KEYS = /^(trainPassword|password|trainAccount|sign)$/i;

/** Deep copy of a JSON value with ID numbers, phone numbers and credentials masked. */
export function maskPii(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPii);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && ID_KEYS.test(k)) out[k] = maskIdNumber(v);
    else if (typeof v === 'string' && PHONE_KEYS.test(k)) out[k] = maskPhone(v);
    else if (typeof v === 'string' && SECRET_KEYS.test(k)) out[k] = '[redacted]';
    else out[k] = maskPii(v);
  }
  return out;
}
