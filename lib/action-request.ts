/**
 * Server action calls (POST with a `Next-Action` header) that Next would answer with a 500 before any
 * of our code runs are answered here, in the proxy, with a 4xx (edge-safe, no imports):
 * - posted from another origin (Next's CSRF check refuses it with a 500 "Invalid Server Actions
 *   request"): 403, by the same rule — the Origin's host must equal X-Forwarded-Host, else Host;
 * - a body over ACTION_BODY_LIMIT_BYTES (Next throws "Body exceeded 1 MB limit", answered 500): 413;
 * - a body React cannot decode: 400. The body React's client sends is either a JSON array (the
 *   arguments) or multipart form data whose field "0" holds that array;
 * - a body whose arguments reference parts it does not have (React's reply format: a string "$1" or
 *   "$@1" is a reference to part 1; a JSON body has no parts, and only multipart ones outline parts):
 *   React waits for the part, then fails with "Connection closed." — a 500. 400 here.
 * What the arguments mean is still checked by each action's zod schema.
 */

/** Next's serverActions.bodySizeLimit (next.config.ts sets it from this constant). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

const refusal = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });
const BAD = () => refusal(400, 'bad_request', '无效的请求。');
const TOO_LARGE = () => refusal(413, 'payload_too_large', '提交的内容过大（不能超过 1 MB），请删减后重试。');
const CROSS_ORIGIN = () => refusal(403, 'forbidden', '请求来自其他网站，已拒绝。请在本站页面上操作。');

function jsonArray(text: string): unknown[] | null {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

// The reply format's strings that stand for a value by themselves (React's ReactFlightReplyServer
// parseModelString): "$$…" an escaped "$", undefined, NaN, ±Infinity, -0, a date, a bigint. "$K…" names
// form fields by prefix (none is an empty FormData). Any other "$…" refers to a part by its id.
const STANDALONE = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d+$|K)/;
const PART_REF = /^\$[@QWiBAOoUSsLlGgMmVRrXx]?([0-9a-f]+)$/;

/** Whether every reference to a part in the arguments names a part the body has. */
function referencesResolve(value: unknown, parts: (id: string) => boolean, depth = 0): boolean {
  if (depth > 200) return false;
  if (typeof value === 'string') {
    if (!value.startsWith('$') || STANDALONE.test(value)) return true;
    const ref = PART_REF.exec(value);
    return ref !== null && parts(String(parseInt(ref[1]!, 16)));
  }
  if (Array.isArray(value)) return value.every((v) => referencesResolve(v, parts, depth + 1));
  if (value && typeof value === 'object')
    return Object.values(value).every((v) => referencesResolve(v, parts, depth + 1));
  return true;
}

/**
 * Next's rule (app-render/action-handler.ts): no Origin passes; else its host must be the request's.
 * Also the CSRF check of every state-changing route handler (lib/http.ts `route`).
 */
export function crossOrigin(headers: Headers): boolean {
  const origin = headers.get('origin');
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = origin === 'null' ? 'null' : new URL(origin).host;
  } catch {
    return true;
  }
  const forwarded = headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  const host = forwarded || headers.get('host');
  return !host || originHost !== host;
}

/** null when the request may go on to Next's action handler; otherwise the 4xx to answer. */
export async function refusedActionResponse(req: Request): Promise<Response | null> {
  if (req.method !== 'POST' || !req.headers.has('next-action')) return null;
  if (crossOrigin(req.headers)) return CROSS_ORIGIN();
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > ACTION_BODY_LIMIT_BYTES) return TOO_LARGE();
  const body = await req.arrayBuffer().catch(() => null);
  if (!body) return BAD();
  if (body.byteLength > ACTION_BODY_LIMIT_BYTES) return TOO_LARGE();
  const type = req.headers.get('content-type') ?? '';
  let ok: boolean;
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': type } }).formData().catch(() => null);
    const root = form?.get('0');
    const args = typeof root === 'string' ? jsonArray(root) : null;
    ok = args !== null && referencesResolve(args, (id) => id !== '0' && form!.has(id));
  } else {
    const args = jsonArray(new TextDecoder().decode(body));
    ok = args !== null && referencesResolve(args, () => false);
  }
  return ok ? null : BAD();
}
