/**
 * The portal's courier client (送票): signed requests to the courier API (protocol/courier.ts), signed
 * answers checked, and the webhook's sign verified. A webhook is only a notification: the receiver
 * re-reads the shipment with `query` and applies that (lib/delivery).
 *
 * Settings come from env like the payment gateway's: COURIER_BASE_URL (default the courier sandbox in
 * the provider sandbox process), COURIER_PARTNER_ID / COURIER_SECRET_KEY (default the public sandbox
 * partner; lib/env.ts refuses them in production).
 */
import {
  COURIER_STATUSES,
  courierWebhookSchema,
  type CourierCode,
  type CourierOperation,
  type CourierSpeed,
  type CourierStatus,
  type CourierTrackingEvent,
} from '@/protocol/courier';
import { DEFAULT_COURIER_PARTNER_ID, DEFAULT_COURIER_SECRET_KEY } from '@/protocol/defaults';
import { verifyFields, withSign, type SignableFields } from '@/protocol/payments/sign';

export interface CourierConfig {
  baseUrl: string;
  partnerId: string;
  secretKey: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export interface CourierEnv {
  COURIER_BASE_URL?: string;
  COURIER_PARTNER_ID?: string;
  COURIER_SECRET_KEY?: string;
  PROVIDER_BASE_URL?: string;
  SANDBOX_PORT?: number | string;
  [other: string]: unknown;
}

/** The settings from the environment (validated by lib/env.ts at start). */
export function courierConfigFromEnv(e: CourierEnv = process.env): CourierConfig {
  const sandboxUrl = `${(e.PROVIDER_BASE_URL ?? `http://localhost:${e.SANDBOX_PORT ?? 3001}`).replace(/\/+$/, '')}/courier`;
  return {
    baseUrl: (e.COURIER_BASE_URL ?? sandboxUrl).replace(/\/+$/, ''),
    partnerId: e.COURIER_PARTNER_ID || DEFAULT_COURIER_PARTNER_ID,
    secretKey: e.COURIER_SECRET_KEY || DEFAULT_COURIER_SECRET_KEY,
    timeoutMs: 10_000,
  };
}

export interface Shipment {
  waybillNo: string;
  shipmentNo: string;
  status: CourierStatus;
  version: number;
  speed: CourierSpeed;
  lateByCourier: boolean;
  createdAt: Date;
  pickedUpAt: Date | null;
  etaAt: Date;
  signedAt: Date | null;
  events: CourierTrackingEvent[];
}

/** The courier could not be reached or answered nonsense: the call may be retried (nothing known to be done). */
export class CourierUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CourierUnavailable';
  }
}

/** The courier refused (its code and Chinese message). */
export class CourierRefusal extends Error {
  constructor(
    readonly code: CourierCode,
    message: string,
  ) {
    super(message);
    this.name = 'CourierRefusal';
  }
}

function toShipment(f: Record<string, unknown>): Shipment {
  const status = String(f.status);
  if (!(COURIER_STATUSES as readonly string[]).includes(status))
    throw new CourierUnavailable(`快递返回未知状态 ${status}`);
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);
  let events: CourierTrackingEvent[] = [];
  try {
    events = typeof f.events === 'string' ? (JSON.parse(f.events) as CourierTrackingEvent[]) : [];
  } catch {
    events = [];
  }
  return {
    waybillNo: String(f.waybillNo),
    shipmentNo: String(f.shipmentNo),
    status: status as CourierStatus,
    version: Number(f.version),
    speed: f.speed === 'express' ? 'express' : 'standard',
    lateByCourier: f.lateByCourier === true,
    createdAt: date(f.createdAt) ?? new Date(0),
    pickedUpAt: date(f.pickedUpAt),
    etaAt: date(f.etaAt) ?? new Date(0),
    signedAt: date(f.signedAt),
    events,
  };
}

export function courierClient(c: CourierConfig) {
  const doFetch = c.fetch ?? fetch;
  async function call(op: CourierOperation, fields: Record<string, string>): Promise<Shipment> {
    const body = withSign(c.secretKey, { ...fields, partnerId: c.partnerId, timestamp: new Date().toISOString() });
    let res: Response;
    let text: string;
    try {
      res = await doFetch(`${c.baseUrl}/api/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(c.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      throw new CourierUnavailable(`快递接口不可达:${e instanceof Error ? e.message : String(e)}`);
    }
    if (res.status >= 500) throw new CourierUnavailable(`快递接口暂不可用(HTTP ${res.status})`);
    let answer: Record<string, unknown>;
    try {
      answer = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new CourierUnavailable('快递接口返回了无法解析的内容');
    }
    if (answer.code === 'SUCCESS' || typeof answer.sign === 'string') {
      if (!verifyFields(c.secretKey, answer as SignableFields)) throw new CourierUnavailable('快递接口应答签名无效');
    }
    if (answer.code !== 'SUCCESS')
      throw new CourierRefusal(
        (answer.code as CourierCode) ?? 'SYSTEM_ERROR',
        typeof answer.msg === 'string' ? answer.msg : '快递拒绝了请求',
      );
    return toShipment(answer);
  }
  return {
    create: (s: {
      shipmentNo: string;
      fromProvince: string;
      fromCity: string;
      toProvince: string;
      toCity: string;
      speed: CourierSpeed;
      notifyUrl: string;
    }) => call('shipments/create', s),
    query: (waybillNo: string) => call('shipments/query', { waybillNo }),
    cancel: (waybillNo: string) => call('shipments/cancel', { waybillNo }),
    intercept: (waybillNo: string) => call('shipments/intercept', { waybillNo }),
    /** The webhook's fields when its sign is ours (else null): a notification to re-read the shipment. */
    verifyWebhook(body: unknown): { waybillNo: string; shipmentNo: string; notifyId: string; version: number } | null {
      if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
      const fields = body as SignableFields;
      if (fields.partnerId !== c.partnerId || !verifyFields(c.secretKey, fields)) return null;
      const parsed = courierWebhookSchema.safeParse(body);
      if (!parsed.success) return null;
      const { waybillNo, shipmentNo, notifyId, version } = parsed.data;
      return { waybillNo, shipmentNo, notifyId, version };
    },
  };
}
export type CourierClient = ReturnType<typeof courierClient>;

let cached: CourierClient | null = null;
/** The client of the process's environment. */
export function courier(): CourierClient {
  return (cached ??= courierClient(courierConfigFromEnv()));
}
