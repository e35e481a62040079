/**
 * Personal data at rest: ID numbers, phone numbers and 12306 credentials are sealed with AES-256-GCM
 * (node:crypto) before they reach the database, and a keyed hash (HMAC-SHA256) stands in for them
 * where a lookup or a unique index is needed.
 *
 * A sealed value is `pii1.<keyId>.<iv>.<ciphertext+tag>` (base64url). The key id is a fingerprint of
 * the key, so rotation needs no naming: put the new key in PII_ENCRYPTION_KEY and the old one in
 * PII_ENCRYPTION_OLD_KEYS; new values use the new key, old ones still open, and the start script
 * re-seals old rows (pii-backfill.ts) so the old key can be dropped after one start.
 * The lookup hash has its own key (PII_HASH_KEY), never rotated with the cipher key: rotating it would
 * mean re-hashing every row from its decrypted value.
 *
 * Relative imports only: the start scripts load this file through tsx.
 */
import crypto from 'node:crypto';
import { env, type Env } from '../env';
import { parseKey } from './key';

export { parseKey };

const PREFIX = 'pii1';
const AAD = Buffer.from('rail-portal-pii-v1');

export interface PiiKeys {
  /** Seals new values. */
  current: Buffer;
  /** Only open old values. */
  previous: Buffer[];
  hashKey: Buffer;
}

export function keyId(key: Buffer): string {
  return crypto.createHash('sha256').update('pii-key-id:').update(key).digest('hex').slice(0, 8);
}

type PiiEnv = Pick<Env, 'PII_ENCRYPTION_KEY' | 'PII_ENCRYPTION_OLD_KEYS' | 'PII_HASH_KEY'>;

export function keysFromEnv(e: PiiEnv = env()): PiiKeys {
  const cur = e.PII_ENCRYPTION_KEY;
  const hash = e.PII_HASH_KEY;
  if (!cur || !hash)
    throw new Error('PII_ENCRYPTION_KEY and PII_HASH_KEY are not set (npm start generates them into the data folder).');
  return {
    current: parseKey(cur, 'PII_ENCRYPTION_KEY'),
    previous: (e.PII_ENCRYPTION_OLD_KEYS ?? '')
      .split(',')
      .filter((k) => k.trim())
      .map((k) => parseKey(k, 'PII_ENCRYPTION_OLD_KEYS')),
    hashKey: parseKey(hash, 'PII_HASH_KEY'),
  };
}

export function createPiiCipher(keys: PiiKeys) {
  const currentId = keyId(keys.current);
  const ring = new Map<string, Buffer>([
    [currentId, keys.current],
    ...keys.previous.map((k) => [keyId(k), k] as const),
  ]);

  function seal(plain: string): string {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', keys.current, iv);
    c.setAAD(AAD);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
    return `${PREFIX}.${currentId}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  function isSealed(value: string): boolean {
    return value.startsWith(`${PREFIX}.`);
  }

  function open(value: string): string {
    const [prefix, kid, ivB64, bodyB64, extra] = value.split('.');
    if (prefix !== PREFIX || !kid || !ivB64 || !bodyB64 || extra !== undefined) throw new Error('not a sealed value');
    const key = ring.get(kid);
    // The message names the key id only: never the value.
    if (!key) throw new Error(`no key for sealed value (key id ${kid}); add the old key to PII_ENCRYPTION_OLD_KEYS`);
    const body = Buffer.from(bodyB64, 'base64url');
    const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(ivB64, 'base64url'));
    d.setAAD(AAD);
    d.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]).toString('utf8');
  }

  return {
    currentKeyId: currentId,
    seal,
    open,
    isSealed,
    /** Sealed under an older key (or not sealed at all): the backfill re-seals it. */
    needsReseal: (value: string) => !isSealed(value) || value.split('.')[1] !== currentId,
    /** Keyed hash for lookups and unique indexes; `kind` keeps hashes of different fields apart. */
    hash: (kind: string, value: string) =>
      crypto.createHmac('sha256', keys.hashKey).update(`${kind}\u0000${value}`).digest('base64url'),
  };
}

export type PiiCipher = ReturnType<typeof createPiiCipher>;

let cached: PiiCipher | undefined;
export function pii(): PiiCipher {
  cached ??= createPiiCipher(keysFromEnv());
  return cached;
}

export const sealPii = (plain: string): string => pii().seal(plain);
/**
 * Opens a sealed value. A value without the prefix is a row written before encryption existed and not
 * yet re-sealed by the start-up backfill: it is returned as it is, so readers never break mid-upgrade.
 */
export const openPii = (value: string): string => (value.startsWith(`${PREFIX}.`) ? pii().open(value) : value);
/** The lookup hash of an ID document: type + normalised number. */
export const idNoHash = (idType: string | number, idNo: string): string =>
  pii().hash('id', `${idType}:${idNo.trim().toUpperCase()}`);
