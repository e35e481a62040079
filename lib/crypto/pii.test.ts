import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPiiCipher, keyId, keysFromEnv, parseKey } from './pii';

const k = () => crypto.randomBytes(32);

describe('PII cipher (AES-256-GCM)', () => {
  it('seals to a value that hides the plain text and opens back to it', () => {
    const c = createPiiCipher({ current: k(), previous: [], hashKey: k() });
    const sealed = c.seal('110101198503150013');
    expect(sealed).toMatch(/^pii1\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain('110101198503150013');
    expect(c.seal('110101198503150013')).not.toBe(sealed); // fresh IV each time
    expect(c.open(sealed)).toBe('110101198503150013');
  });

  it('refuses a tampered value (authenticated)', () => {
    const c = createPiiCipher({ current: k(), previous: [], hashKey: k() });
    const sealed = c.seal('sandbox123');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => c.open(parts.join('.'))).toThrow();
  });

  it('rotation: new values use the new key, old values still open, and are flagged for re-sealing', () => {
    const oldKey = k();
    const newKey = k();
    const hashKey = k();
    const before = createPiiCipher({ current: oldKey, previous: [], hashKey });
    const oldSealed = before.seal('13800000000');
    const after = createPiiCipher({ current: newKey, previous: [oldKey], hashKey });
    expect(after.open(oldSealed)).toBe('13800000000');
    expect(after.needsReseal(oldSealed)).toBe(true);
    const fresh = after.seal('13800000000');
    expect(fresh.split('.')[1]).toBe(keyId(newKey));
    expect(after.needsReseal(fresh)).toBe(false);
    // Without the old key in the ring the old value cannot be opened, and the error names no data.
    const forgot = createPiiCipher({ current: newKey, previous: [], hashKey });
    expect(() => forgot.open(oldSealed)).toThrow(/PII_ENCRYPTION_OLD_KEYS/);
    // The lookup hash does not depend on the cipher key.
    expect(after.hash('id', '1:X')).toBe(before.hash('id', '1:X'));
    expect(after.hash('id', '1:X')).not.toBe(after.hash('mobile', '1:X'));
  });

  it('reads keys from the environment and rejects keys of the wrong size', () => {
    const cur = k().toString('base64url');
    const old = k().toString('hex');
    const keys = keysFromEnv({ PII_ENCRYPTION_KEY: cur, PII_ENCRYPTION_OLD_KEYS: ` ${old} ,`, PII_HASH_KEY: cur });
    expect(keys.previous).toHaveLength(1);
    expect(() => parseKey('short', 'X')).toThrow(/32 bytes/);
    expect(() => keysFromEnv({})).toThrow(/PII_ENCRYPTION_KEY/);
  });
});
