/**
 * The sandbox's own environment. It runs as its own process, as a real provider would, and shares no
 * code with the portal's lib/env.ts; parsed once when it starts, and a bad value stops it naming the
 * variable (README.md "Configuration" lists these with the portal's).
 */
import { z } from 'zod';
import { FRONTS, parseFronts } from './fronts';

const whole = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const delayMs = whole(0, 600_000).optional();

const schema = z.object({
  DATABASE_URL: z.url({
    protocol: /^postgres(ql)?$/,
    error: (i) =>
      i.input === undefined ? 'is required (npm start sets it for the embedded Postgres)' : 'must be a postgres:// URL',
  }),
  SANDBOX_PORT: whole(1, 65_535).default(3001),
  SANDBOX_HOST: z.string().optional(),
  PROVIDER_APP_KEY: z.string().optional(),
  PROVIDER_SECRET_KEY: z.string().optional(),
  /** The Juhe front's APPKEY (default DEFAULT_JUHE_KEY of protocol/defaults.ts). */
  JUHE_APP_KEY: z.string().optional(),
  /** Which wire fronts this process serves: "panhe,juhe" (default), "panhe" or "juhe". */
  SANDBOX_FRONTS: z
    .string()
    .refine(
      (s) => {
        const names = s.split(',').map((x) => x.trim());
        return names.every((n) => (FRONTS as readonly string[]).includes(n)) && parseFronts(s).length > 0;
      },
      { error: `must be a comma-separated list of ${FRONTS.join(', ')}` },
    )
    .transform(parseFronts)
    .optional(),
  PAYMENT_MERCHANT_ID: z.string().optional(),
  PAYMENT_SECRET_KEY: z.string().optional(),
  /** The courier sandbox's partner id and secret (default protocol/defaults.ts). */
  COURIER_PARTNER_ID: z.string().optional(),
  COURIER_SECRET_KEY: z.string().optional(),
  SANDBOX_HOLD_DELAY_MS: delayMs,
  /** 12306's night closure (sandbox/night.ts): "on" (default) or "off" (holds processed at any hour). */
  SANDBOX_NIGHT_CLOSURE: z
    .enum(['on', 'off'], { error: 'must be on or off' })
    .transform((v) => v === 'on')
    .optional(),
  SANDBOX_ISSUE_DELAY_MS: delayMs,
  SANDBOX_REFUND_DELAY_MS: delayMs,
  SANDBOX_CALLBACK_BACKOFF_MS: delayMs,
  SANDBOX_PAYMENT_REFUND_DELAY_MS: delayMs,
  SANDBOX_INITIAL_BALANCE_YUAN: z.coerce
    .number({ error: 'must be a number of yuan, 0 or more' })
    .min(0, { error: 'must be a number of yuan, 0 or more' })
    .optional(),
});

export type SandboxProcessEnv = z.infer<typeof schema>;

/** Throws one line per bad variable. An empty variable counts as unset. */
export function sandboxEnv(source: Record<string, string | undefined> = process.env): SandboxProcessEnv {
  const names = Object.keys(schema.shape) as (keyof SandboxProcessEnv)[];
  const parsed = schema.safeParse(Object.fromEntries(names.flatMap((n) => (source[n] ? [[n, source[n]]] : []))));
  if (!parsed.success) {
    throw new Error(
      `Invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  return parsed.data;
}
