import bcrypt from 'bcryptjs';

/** bcrypt cost: 2^11 rounds, ~150 ms per hash on the 2-core build machine (a deliberate slow hash). */
const COST = 11;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/**
 * A real hash of a random string, computed once: comparing against it when the email is unknown
 * makes a failed sign-in take the same time whether or not the account exists.
 */
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(plain: string): Promise<void> {
  dummy ??= bcrypt.hash(`no-such-user-${Math.random()}`, COST);
  await bcrypt.compare(plain, await dummy);
}
