/**
 * HTTP latency per route from Next's own request spans (BaseServer.handleRequest: `next.route`,
 * `http.method`, `http.status_code`), so pages, route handlers and server actions are all measured
 * without a wrapper per route. A span processor: it sees every span that ends in this process.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { observeHttp } from './hooks';

export class HttpRouteMetrics implements SpanProcessor {
  onStart(_span: Span, _context: Context): void {}
  onEnd(span: ReadableSpan): void {
    const a = span.attributes;
    if (a['next.span_type'] !== 'BaseServer.handleRequest') return;
    const route = typeof a['next.route'] === 'string' ? a['next.route'] : 'unmatched';
    const method = typeof a['http.method'] === 'string' ? a['http.method'] : 'GET';
    const status = typeof a['http.status_code'] === 'number' ? a['http.status_code'] : 0;
    const [s, ns] = span.duration;
    observeHttp(route, method, status, s * 1000 + ns / 1e6);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
