/**
 * Parsing a 32-byte key given in the environment. Its own leaf module: lib/env.ts checks the keys with
 * it at start, and pii.ts, which reads the typed env, builds the cipher from them.
 */

/** 32 bytes given as base64/base64url (43-44 chars) or hex (64 chars). */
export function parseKey(raw: string, name: string): Buffer {
  const s = raw.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64url');
  if (buf.length !== 32)
    throw new Error(`${name} must be 32 bytes (base64 or hex); generate one with: openssl rand -base64 32`);
  return buf;
}
