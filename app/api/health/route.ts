// Liveness probe; also the static baseline of bench/run.ts.
export const dynamic = 'force-static';

export function GET(): Response {
  return Response.json({ ok: true });
}
