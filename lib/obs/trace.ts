/**
 * OpenTelemetry traces (the official JS SDK): one booking is one trace, from the server action or
 * route handler through the order service, the jobs it enqueues (the context travels in the pg-boss
 * job's data under `_trace`), the provider calls (a W3C `traceparent` header, which the sandbox
 * logs and echoes on the callbacks it sends about the order), the callback, and the job it wakes.
 *
 * Spans are exported over OTLP/HTTP only when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise they are
 * only recorded for this process's own span processors (the HTTP latency metric reads Next's request
 * spans: lib/obs/metrics.ts) and dropped. Tests install an in-memory exporter (initTracing).
 */
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';

export const TRACER = 'rail-portal';
/** The key under which a job's data carries its trace context. */
export const TRACE_KEY = '_trace';
export type TraceCarrier = { traceparent?: string; tracestate?: string };

const g = globalThis as unknown as { railTracing?: TracerProvider };

/**
 * Installs this process's tracer provider (once; a second call replaces it, for tests): the
 * AsyncLocalStorage context manager, the W3C propagator, `processors`, and an OTLP exporter when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
export async function initTracing(o: { serviceName: string; processors?: SpanProcessor[] }): Promise<TracerProvider> {
  const processors = [...(o.processors ?? [])];
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
  }
  if (g.railTracing) {
    await g.railTracing.shutdown().catch(() => undefined);
    trace.disable();
    context.disable();
    propagation.disable();
  }
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? o.serviceName }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  g.railTracing = provider;
  return provider;
}

export async function flushTracing(): Promise<void> {
  await g.railTracing?.forceFlush();
}

/**
 * Runs `fn` in a new span (a child of the active one, or of `parent`); the span ends when `fn`
 * settles, marked as an error when it throws. Without a tracer provider this costs next to nothing.
 */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  o: { kind?: SpanKind; parent?: Context } = {},
): Promise<T> {
  const tracer = trace.getTracer(TRACER);
  return tracer.startActiveSpan(
    name,
    { kind: o.kind ?? SpanKind.INTERNAL, attributes },
    o.parent ?? context.active(),
    async (span) => {
      try {
        return await fn(span);
      } catch (e) {
        span.recordException(e instanceof Error ? e : String(e));
        span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
        throw e;
      } finally {
        span.end();
      }
    },
  );
}

/** The active trace context as W3C headers (empty without an active span). */
export function traceHeaders(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The context that `carrier` (headers or a job's `_trace`) names, or the active one. */
export function contextFrom(carrier: Record<string, unknown> | undefined | null): Context {
  if (!carrier) return context.active();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(carrier)) {
    const value: unknown = Array.isArray(v) ? (v as unknown[])[0] : v;
    if (typeof value === 'string') flat[k.toLowerCase()] = value;
  }
  return propagation.extract(context.active(), flat);
}

/** A job's data with the active trace context added (unchanged without one). */
export function withTraceData<D>(data: D): D {
  const carrier = traceHeaders();
  if (!carrier.traceparent || !data || typeof data !== 'object' || Array.isArray(data)) return data;
  return { ...data, [TRACE_KEY]: carrier };
}

/** The trace context a job's data carries. */
export function jobTraceContext(data: unknown): Context {
  const c = data && typeof data === 'object' ? (data as Record<string, unknown>)[TRACE_KEY] : undefined;
  return contextFrom(c && typeof c === 'object' ? (c as Record<string, unknown>) : undefined);
}

export { SpanKind };
