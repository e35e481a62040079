import { describe, expect, it } from 'vitest';
import { DEFAULT_PAYMENT_SECRET_KEY } from './payments/config';
import { DEFAULT_PROVIDER_SECRET_KEY } from './provider/config';
import { parseEnv, productionSafetyProblems, usesRealProvider } from './env';

const SAFE = {
  NODE_ENV: 'production',
  PROVIDER_BASE_URL: 'https://train.provider.example',
  PROVIDER_APP_KEY: 'issued-app-key',
  PROVIDER_SECRET_KEY: 'issued-secret-key-0123456789',
  PROVIDER_TRAIN_ACCOUNT: 'real-account',
  PROVIDER_TRAIN_PASSWORD: 'real-password-1',
  PAYMENT_GATEWAY: 'alipay',
  PAYMENT_SECRET_KEY: 'merchant-secret-0123456789',
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

  it('leaves development and the local sandbox alone', () => {
    expect(productionSafetyProblems(parseEnv({ ...SAFE, NODE_ENV: 'development', PROVIDER_APP_KEY: '' }))).toEqual([]);
    expect(productionSafetyProblems(parseEnv({ NODE_ENV: 'production' }))).toEqual([]);
    expect(
      productionSafetyProblems(parseEnv({ NODE_ENV: 'production', PROVIDER_BASE_URL: 'http://localhost:3001' })),
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
