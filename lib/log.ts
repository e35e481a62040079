/**
 * The portal's log calls: structured JSON lines through pino (lib/obs/logger.ts), with the request
 * and trace ids on every line and personal and secret fields redacted by one central list
 * (lib/obs/redact.ts), so a password, an ID number or a 12306 credential never reaches a log line.
 */
import { logger } from '@/lib/obs/logger';

export function logDebug(message: string, fields?: Record<string, unknown>): void {
  logger().debug(fields ?? {}, message);
}

export function logInfo(message: string, fields?: Record<string, unknown>): void {
  logger().info(fields ?? {}, message);
}

export function logWarn(message: string, fields?: Record<string, unknown>): void {
  logger().warn(fields ?? {}, message);
}

export function logError(message: string, error: unknown, fields?: Record<string, unknown>): void {
  const err =
    error instanceof Error
      ? { errorName: error.name, error: error.message, stack: error.stack }
      : { error: String(error) };
  logger().error({ ...fields, ...err }, message);
}
