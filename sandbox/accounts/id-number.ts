/**
 * 居民身份证 numbers as the sandbox, playing 12306, checks them. DOMAIN_NOTES.md: "ID numbers: 18-digit
 * 身份证 with the GB 11643 mod-11 check digit (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check chars
 * "10X98765432"); birth date inside it".
 *
 * Worked the way GB 11643 states it (ISO 7064 MOD 11-2): digit i (0-based from the left) weighs
 * 2^(17−i) mod 11, which gives the weights above, and the check value c makes Σ + c ≡ 1 (mod 11),
 * written X for 10, which gives the check characters above.
 */

const SHAPE = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;

const weightAt = (i: number): number => 2 ** (17 - i) % 11;

/** The check character completing 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('an ID number starts with 17 digits');
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weightAt(i), 0);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

/** The birth date written inside a number ('YYYY-MM-DD'), when it is a real date from 1900 on; else null. */
export function birthDateOfIdNumber(cardNo: string): string | null {
  const m = SHAPE.exec(cardNo.trim().toUpperCase());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  const real = year >= 1900 && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  return real ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Whether a number has the 18-character shape, a real birth date and the right check character. */
export function isIdNumber(cardNo: string): boolean {
  const id = cardNo.trim().toUpperCase();
  return birthDateOfIdNumber(id) !== null && idNumberCheckChar(id.slice(0, 17)) === id.slice(17);
}

/** A number for seeds and tests: area code, birth date and a 0-999 sequence, with its check character. */
export function idNumberFor(area: string, birthDate: string, seq: number): string {
  const first17 = area + birthDate.replaceAll('-', '') + String(seq).padStart(3, '0');
  return first17 + idNumberCheckChar(first17);
}
