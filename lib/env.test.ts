import { describe, expect, it } from 'vitest';
import { DEFAULT_PAYMENT_SECRET_KEY } from './payments/config';
import { DEFAULT_PROVIDER_SECRET_KEY } from './provider/config';
import { isProduction, parseEnv, productionSafetyProblems, productionSignals, usesRealProvider } from './env';

const SAFE = {
  NODE_ENV: 'production',
  PROVIDER_BASE_URL: 'https://train.provider.example',
  PROVIDER_APP_KEY: 'issued-app-key',
  PROVIDER_SECRET_KEY: 'issued-secret-key-0123456789',
  PROVIDER_TRAIN_ACCOUNT: 'real-account',
  PROVIDER_TRAIN_PASSWORD: 'real-password-1',
  PAYMENT_GATEWAY: 'alipay',
  PAYMENT_SECRET_KEY: 'merchant-secret-0123456789',
  NEXTAUTH_URL: 'https://tickets.example.com',
};

describe('productionSafetyProblems', () => {
  it('is empty for a production configuration with issued secrets', () => {
    expect(productionSafetyProblems(parseEnv(SAFE))).toEqual([]);
  });

  it('lists every sandbox default when production points at a real provider', () => {
    const problems = productionSafetyProblems(
      parseEnv({ NODE_ENV: 'production', PROVIDER_BASE_URL: 'https://train.provider.example' }),
    );
    const named = [
      'PROVIDER_APP_KEY',
      'PROVIDER_SECRET_KEY',
      'PROVIDER_TRAIN_ACCOUNT',
      'PAYMENT_GATEWAY',
      'PAYMENT_SECRET_KEY',
      'NEXTAUTH_URL',
    ];
    for (const n of named) expect(problems.join('\n')).toContain(n);
    expect(problems).toHaveLength(named.length);
  });

  it('refuses the public sandbox values given explicitly, and SEED_DEMO', () => {
    const problems = productionSafetyProblems(
      parseEnv({
        ...SAFE,
        PROVIDER_SECRET_KEY: DEFAULT_PROVIDER_SECRET_KEY,
        PROVIDER_TRAIN_PASSWORD: 'sandbox123',
        PAYMENT_GATEWAY: 'sandbox',
        PAYMENT_SECRET_KEY: DEFAULT_PAYMENT_SECRET_KEY,
        SEED_DEMO: '1',
      }),
    );
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'PROVIDER_SECRET_KEY',
      'PROVIDER_TRAIN_ACCOUNT',
      'PAYMENT_GATEWAY',
      'PAYMENT_SECRET_KEY',
      'SEED_DEMO',
    ]);
  });

  it('does not need NODE_ENV: `npm start` with a real provider URL is production (issue 23 #4)', () => {
    const problems = productionSafetyProblems(parseEnv({ PROVIDER_BASE_URL: 'https://train.provider.example' }));
    expect(problems.length).toBeGreaterThanOrEqual(6);
    expect(problems.join('\n')).toContain('PROVIDER_SECRET_KEY');
    const { NODE_ENV: _, ...noNodeEnv } = SAFE;
    expect(productionSafetyProblems(parseEnv({ ...noNodeEnv, NODE_ENV: 'development' }))).toEqual([]);
    expect(productionSafetyProblems(parseEnv({ ...noNodeEnv, PAYMENT_GATEWAY: 'sandbox' }))).toHaveLength(1);
  });

  it.each([
    [{ PORTAL_PRODUCTION: '1' }, 'PORTAL_PRODUCTION'],
    [{ PROVIDER_APP_KEY: 'issued-app-key' }, 'PROVIDER_APP_KEY'],
    [{ PROVIDER_SECRET_KEY: 'issued-secret' }, 'PROVIDER_SECRET_KEY'],
    [{ PROVIDER_TRAIN_ACCOUNT: 'real-account' }, 'PROVIDER_TRAIN_ACCOUNT'],
    [{ PAYMENT_GATEWAY: 'alipay' }, 'PAYMENT_GATEWAY'],
    [{ PAYMENT_SECRET_KEY: 'merchant-key' }, 'PAYMENT_SECRET_KEY'],
    [{ NEXTAUTH_URL: 'https://tickets.example.com' }, 'NEXTAUTH_URL'],
    [{ PORTAL_PUBLIC_URL: 'http://203.0.113.5:3000' }, 'PORTAL_PUBLIC_URL'],
  ])('takes %j alone as production, with the sandbox provider among the problems', (source, signal) => {
    const e = parseEnv(source);
    expect(isProduction(e)).toBe(true);
    expect(productionSignals(e).join('\n')).toContain(signal);
    expect(productionSafetyProblems(e).join('\n')).toContain('PROVIDER_BASE_URL is unset or a local address');
  });

  it('leaves a local installation alone: sandbox defaults and loopback URLs, whatever NODE_ENV says', () => {
    expect(productionSafetyProblems(parseEnv({}))).toEqual([]);
    expect(productionSafetyProblems(parseEnv({ NODE_ENV: 'production' }))).toEqual([]);
    expect(
      productionSafetyProblems(
        parseEnv({
          NODE_ENV: 'production',
          PROVIDER_BASE_URL: 'http://localhost:3001',
          NEXTAUTH_URL: 'http://localhost:3100',
          PORTAL_PUBLIC_URL: 'http://127.0.0.1:3100',
          PROVIDER_APP_KEY: 'sandbox-app-key',
          PORTAL_PRODUCTION: '0',
        }),
      ),
    ).toEqual([]);
  });
});

describe('parseEnv', () => {
  it('treats empty variables as unset and applies defaults', () => {
    const e = parseEnv({ DATABASE_URL: '', SEED_DEMO: '', LOGIN_LOCK_MINUTES: '' });
    expect([e.DATABASE_URL, e.SEED_DEMO, e.LOGIN_LOCK_MINUTES, e.PAYMENT_GATEWAY]).toEqual([
      undefined,
      false,
      15,
      'sandbox',
    ]);
  });

  it('names the bad variable', () => {
    expect(() => parseEnv({ LOGIN_LOCK_MINUTES: 'soon' })).toThrow(/LOGIN_LOCK_MINUTES/);
    expect(() => parseEnv({ SEED_DEMO: 'maybe' })).toThrow(/SEED_DEMO/);
  });

  it('knows loopback providers from real ones', () => {
    expect(usesRealProvider(parseEnv({ PROVIDER_BASE_URL: 'http://127.0.0.1:3001' }))).toBe(false);
    expect(usesRealProvider(parseEnv({ PROVIDER_BASE_URL: 'http://[::1]:3001' }))).toBe(false);
    expect(usesRealProvider(parseEnv({ PROVIDER_BASE_URL: 'https://api.provider.example' }))).toBe(true);
  });
});
