/**
 * Juhe settings: the base URL of the 火车订票 API (…/trainTickets, no trailing slash) and the APPKEY,
 * the only credential (no request signing; callbacks are signed md5("juhe"+key+orderid+user_orderid)).
 * The defaults are the sandbox's Juhe front.
 */
import { DEFAULT_JUHE_KEY } from '@/protocol/defaults';

export const DEFAULT_JUHE_TIMEOUT_MS = 10_000;

export interface JuheConfig {
  baseUrl: string;
  key: string;
  timeoutMs: number;
  /** The payment window applied to a held order (Juhe answers no deadline); null: the 12306 rule (lib/domain/rules). */
  payWindowMinutes: number | null;
  fetch?: typeof fetch;
  /**
   * The station table kept locally (in the portal: the synced cityCode list over the bundled one,
   * lib/stations/provider-list.ts, refreshed by the daily sync job); without it the adapter reads
   * cityCode itself (tests, tools). FAQ §1 "建议将车站简码缓存或存数据库,不必每次都查".
   */
  localStations?: () => Promise<{ name: string; code: string }[]>;
}

export interface JuheEnv {
  JUHE_BASE_URL?: string;
  JUHE_APP_KEY?: string;
  JUHE_TIMEOUT_MS?: number;
  JUHE_PAY_WINDOW_MINUTES?: number;
  SANDBOX_PORT?: number;
}

export function juheConfigFromEnv(e: JuheEnv): JuheConfig {
  return {
    baseUrl: (e.JUHE_BASE_URL ?? `http://localhost:${e.SANDBOX_PORT ?? 3001}/trainTickets`).replace(/\/+$/, ''),
    key: e.JUHE_APP_KEY ?? DEFAULT_JUHE_KEY,
    timeoutMs: e.JUHE_TIMEOUT_MS ?? DEFAULT_JUHE_TIMEOUT_MS,
    payWindowMinutes: e.JUHE_PAY_WINDOW_MINUTES ?? null,
  };
}
