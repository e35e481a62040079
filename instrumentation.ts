/**
 * Next's instrumentation hook (runs once per server process before it serves): traces, metrics and
 * the log lines' service name (lib/obs/start.ts). The Node runtime only; nothing is exported unless
 * OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startPortalObservability } = await import('./lib/obs/start');
    await startPortalObservability();
  }
}
