/**
 * Password hashing for the sandbox's 12306 accounts: scrypt with a random 16-byte salt, stored as
 * `scrypt$N$r$p$<salt b64>$<hash b64>`. Plain passwords are never stored or logged.
 *
 * Every account call and 创单 carries the password, and scrypt costs ~40 ms of the libuv pool; so
 * successful verifications are remembered in memory (bounded) under sha256(stored hash, password) —
 * no plain text kept, and a password change (new salt) never matches an old entry.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 16_384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LEN, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const VERIFIED_CACHE_SIZE = 1000;
const verified = new Set<string>();

const cacheKey = (password: string, stored: string) =>
  createHash('sha256').update(stored).update('\u0000').update(password).digest('base64');

/** False for a wrong password and for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const key = cacheKey(password, stored);
  if (verified.has(key)) return true;
  const ok = await verifyUncached(password, stored);
  if (ok) {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.values().next().value!);
    verified.add(key);
  }
  return ok;
}

async function verifyUncached(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((v) => Number.isInteger(v) && v > 0)) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (!salt.length || expected.length !== KEY_LEN) return false;
  const key = await derive(password, salt, n, r, p);
  return timingSafeEqual(key, expected);
}
