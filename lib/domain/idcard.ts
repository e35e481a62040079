/** GB 11643-1999 citizen ID numbers: 17 digits, a mod-11 check character, and a real birth date. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function birthDateOfId(id: string): string | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/.exec(id.toUpperCase());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

export function isValidIdCard(id: string): boolean {
  const s = id.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  if (!birthDateOfId(s)) return false;
  return idCheckChar(s.slice(0, 17)) === s[17];
}

/** A valid ID for tests and demo data: area code + birth date + sequence + check character. */
export function makeIdCard(area: string, birth: string, seq: number): string {
  const first17 = `${area}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** Age in whole years on a calendar date (YYYY-MM-DD). */
export function ageOn(birth: string, date: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
