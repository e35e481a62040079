/**
 * Observability at a process's start: the tracer provider (exporting over OTLP only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set), the log lines' service name, the metrics' hourly window; the
 * portal also measures Next's request spans per route and reads the queues at scrape time, the worker
 * serves its registry on WORKER_METRICS_PORT.
 */
import { setServiceName } from './logger';
import { HttpRouteMetrics } from './http-spans';
import { enableQueueGauges } from './queues';
import { serveWorkerMetrics } from './serve';
import { initTracing } from './trace';
import { startWindow } from './window';

export async function startPortalObservability(): Promise<void> {
  setServiceName('rail-portal');
  await initTracing({ serviceName: 'rail-portal', processors: [new HttpRouteMetrics()] });
  enableQueueGauges();
  startWindow();
}

export async function startWorkerObservability(metricsPort: number): Promise<void> {
  setServiceName('rail-worker');
  await initTracing({ serviceName: 'rail-worker' });
  serveWorkerMetrics(metricsPort);
}
