import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('abc_123');
    const b = await hashPassword('abc_123');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('abc_123');
    expect(await verifyPassword('abc_123', a)).toBe(true);
    expect(await verifyPassword('abc_124', a)).toBe(false);
  });

  it('remembers successful verifications without accepting anything else', async () => {
    const a = await hashPassword('abc_123');
    expect(await verifyPassword('abc_123', a)).toBe(true);
    expect(await verifyPassword('abc_123', a)).toBe(true);
    expect(await verifyPassword('abc_1234', a)).toBe(false);
    expect(await verifyPassword('abc_123', await hashPassword('other_1'))).toBe(false);
  });

  it('treats malformed stored hashes as a mismatch', async () => {
    expect(await verifyPassword('x', '')).toBe(false);
    expect(await verifyPassword('x', 'sha256$abc')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$0$8$1$AAAA$AAAA')).toBe(false);
  });
});
