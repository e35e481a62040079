/**
 * Minimal structured logging to stderr. Values under keys that look secret are replaced, so a
 * password, a token or a 12306 credential never reaches a log line.
 */
const SECRET_KEY =
  /pass(word)?|secret|token|sign|cookie|authorization|trainAccount|trainPassword|idNo|idCard|phone|mobile/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

export function logInfo(message: string, fields?: Record<string, unknown>): void {
  console.log(
    JSON.stringify({ level: 'info', time: new Date().toISOString(), message, ...(redact(fields ?? {}) as object) }),
  );
}

export function logError(message: string, error: unknown, fields?: Record<string, unknown>): void {
  const err =
    error instanceof Error ? { name: error.name, error: error.message, stack: error.stack } : { error: String(error) };
  console.error(
    JSON.stringify({
      level: 'error',
      time: new Date().toISOString(),
      message,
      ...err,
      ...(redact(fields ?? {}) as object),
    }),
  );
}
