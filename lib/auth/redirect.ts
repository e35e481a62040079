/**
 * Where to go after signing in: only a place on this site. The value is parsed with URL against our
 * own origin, as the browser will resolve it, so tricks the browser normalises into another host
 * (`//evil`, `/\evil`, a tab or newline the URL parser strips, an absolute URL) are all refused.
 * Checked once more after one round of percent-decoding, because some callers decode before
 * redirecting. Pure: shared by the sign-in page and its server action.
 */
const FALLBACK = '/';
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

function sameOriginPath(raw: string, origin: string): string | null {
  if (UNSAFE.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  // A relative value must be a path: 'evil.example' or '?x' would be relative to the sign-in page.
  if (!raw.startsWith('/') && !raw.startsWith(`${origin}/`) && raw !== origin) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function safeCallbackPath(raw: unknown, origin: string, fallback = FALLBACK): string {
  if (typeof raw !== 'string' || raw === '' || raw.length > 2000) return fallback;
  const base = new URL(origin).origin;
  const path = sameOriginPath(raw, base);
  if (path === null) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return fallback;
  }
  return sameOriginPath(decoded, base) === null ? fallback : path;
}
