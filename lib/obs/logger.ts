/**
 * Structured JSON logs (pino): one line per event, with the request id (lib/obs/context.ts) and the
 * active trace and span ids (lib/obs/trace.ts) on every line, personal and secret fields censored by
 * the central list in lib/obs/redact.ts, the level from LOG_LEVEL (trace, debug, info, warn, error,
 * fatal, silent; default info).
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { trace } from '@opentelemetry/api';
import { currentRequestId } from './context';
import { redactPaths } from './redact';

export const REDACTED = '[redacted]';
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

function levelFromEnv(): string {
  const l = (process.env.LOG_LEVEL ?? 'info').trim().toLowerCase();
  return LEVELS.has(l) ? l : 'info';
}

function build(destination?: DestinationStream): Logger {
  return pino(
    {
      level: levelFromEnv(),
      messageKey: 'message',
      base: { pid: process.pid, service: process.env.OTEL_SERVICE_NAME ?? serviceName },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths(), censor: REDACTED },
      mixin() {
        const ctx = trace.getActiveSpan()?.spanContext();
        const requestId = currentRequestId();
        return {
          ...(requestId ? { requestId } : {}),
          ...(ctx ? { traceId: ctx.traceId, spanId: ctx.spanId } : {}),
        };
      },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

let serviceName = 'rail-portal';
const g = globalThis as unknown as { railLogger?: Logger };

export function logger(): Logger {
  g.railLogger ??= build();
  return g.railLogger;
}

/** Names this process on its lines (`rail-portal`, `rail-worker`). */
export function setServiceName(name: string): void {
  serviceName = name;
  g.railLogger = undefined;
}

/** Tests: send the lines to `stream` (or back to stdout with none), re-reading LOG_LEVEL. */
export function setLogDestination(stream?: DestinationStream): void {
  g.railLogger = build(stream);
}
