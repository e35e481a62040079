import { requestLocale } from '@/lib/i18n/request-locale';
import { translatorFor } from '@/lib/i18n/translator';
import { metrics } from '@/lib/obs/metrics';
import { mayReadMetrics } from '@/lib/obs/access';
import { enableQueueGauges } from '@/lib/obs/queues';

/**
 * The portal's metrics in the Prometheus text format: the loopback, or `Authorization: Bearer
 * <METRICS_TOKEN>`. The worker's are on its own port (WORKER_METRICS_PORT, lib/obs/serve.ts).
 */
export async function GET(req: Request): Promise<Response> {
  if (!mayReadMetrics(req.headers)) {
    const t = translatorFor(await requestLocale());
    return new Response(`${t('api.metrics.unauthorized')}\n`, { status: 401 });
  }
  enableQueueGauges();
  const registry = metrics().registry;
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
}
