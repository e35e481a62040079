/**
 * A server action call (POST with a `Next-Action` header) whose body React cannot decode makes Next
 * answer 500 before any of our code runs. The proxy checks the envelope first and answers 400: the
 * body React's client sends is either a JSON array (the arguments) or multipart form data whose
 * field "0" holds that array. Edge-safe (runs in proxy.ts); what the arguments mean is still checked
 * by each action's zod schema.
 */
const BAD = { error: { code: 'bad_request', message: '无效的请求。' } };

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/** null when the request may go on to Next's action handler; otherwise the 400 to answer. */
export async function malformedActionResponse(req: Request): Promise<Response | null> {
  if (req.method !== 'POST' || !req.headers.has('next-action')) return null;
  const type = req.headers.get('content-type') ?? '';
  let ok: boolean;
  if (type.startsWith('multipart/form-data')) {
    const form = await req.formData().catch(() => null);
    const root = form?.get('0');
    ok = typeof root === 'string' && isJsonArray(root);
  } else {
    ok = isJsonArray(await req.text().catch(() => ''));
  }
  return ok ? null : Response.json(BAD, { status: 400 });
}
