// Readiness probe (lib/ops/health.ts): 200 when the database, the migrations, a worker and the
// providers are all there, 503 otherwise. The check names and verdicts are public; the details
// (error messages) only to the loopback, where `npm start` and an operator on the box ask.
import { clientAddressFrom } from '@/lib/auth/client-address';
import { readiness } from '@/lib/ops/health';

export const dynamic = 'force-dynamic';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

export async function GET(req: Request): Promise<Response> {
  const r = await readiness();
  const local = LOOPBACK.test(clientAddressFrom(req.headers));
  const checks = r.checks.map((c) => (local ? c : { name: c.name, ok: c.ok }));
  return Response.json(
    { ready: r.ready, checks },
    { status: r.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
