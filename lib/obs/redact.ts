/**
 * The one list of personal and secret fields that never reach a log line (lib/obs/logger.ts builds
 * pino's redaction paths from it, at any depth up to MAX_DEPTH and inside arrays). Add a key here,
 * not at a call site.
 */
export const REDACTED_KEYS = [
  // identity documents
  'idNo',
  'idCard',
  'idNumber',
  'passportNo',
  'certNo',
  'cardNo',
  // phones
  'phone',
  'mobile',
  'contactMobile',
  'tel',
  // names
  'name',
  'passengerName',
  'contactName',
  'realName',
  'displayName',
  // addresses and mail
  'address',
  'email',
  // passwords, tokens, signatures, keys
  'password',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'sign',
  'secret',
  'secretKey',
  'appKey',
  'key',
  // 12306 credentials
  'trainAccount',
  'trainPassword',
  'account12306',
  'password12306',
  'username',
] as const;

const MAX_DEPTH = 4;

/** pino `redact.paths`: each key at the top, under any object up to MAX_DEPTH levels, and in arrays. */
export function redactPaths(keys: readonly string[] = REDACTED_KEYS): string[] {
  const out = new Set<string>();
  for (const k of keys) {
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      const prefix = Array.from({ length: depth }, () => '*').join('.');
      out.add(prefix ? `${prefix}.${k}` : k);
      if (depth > 0) out.add(`${prefix}[*].${k}`);
    }
  }
  return [...out];
}
