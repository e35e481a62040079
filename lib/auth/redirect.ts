/**
 * Where to go after signing in: only a place on this site. The value is parsed with URL against our
 * own origin, as the browser will resolve it, so tricks the browser normalises into another host
 * (`//evil`, `/\evil`, a tab or newline the URL parser strips, an absolute URL) are all refused.
 * Checked once more after one round of percent-decoding, because some callers decode before
 * redirecting. Idempotent: the answer is always a value the function itself keeps unchanged (a path
 * the URL parser would normalise into something else, e.g. `/.//evil` → `//evil`, is refused rather
 * than handed on), so a caller may check it again at any later step. Pure: shared by the sign-in page
 * and its server action.
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

/** The on-site path `raw` leads to, or null: `raw` and its percent-decoded form must both stay here. */
function onSitePath(raw: string, base: string): string | null {
  if (raw === '' || raw.length > 2000) return null;
  const path = sameOriginPath(raw, base);
  if (path === null) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return sameOriginPath(decoded, base) === null ? null : path;
}

export function safeCallbackPath(raw: unknown, origin: string, fallback = FALLBACK): string {
  if (typeof raw !== 'string') return fallback;
  const base = new URL(origin).origin;
  const path = onSitePath(raw, base);
  // Only a fixed point is handed on: the normalised path must be accepted, and kept, by the same check.
  return path !== null && onSitePath(path, base) === path ? path : fallback;
}
