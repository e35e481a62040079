import { describe, expect, it } from 'vitest';
import { sandboxEnv } from './env';

const DB = 'postgres://u:p@127.0.0.1:5432/sandbox';

describe('sandboxEnv', () => {
  it('needs only DATABASE_URL; empty variables count as unset', () => {
    const e = sandboxEnv({ DATABASE_URL: DB, SANDBOX_HOLD_DELAY_MS: '', SANDBOX_INITIAL_BALANCE_YUAN: '2500.5' });
    expect([e.SANDBOX_PORT, e.SANDBOX_HOLD_DELAY_MS, e.SANDBOX_INITIAL_BALANCE_YUAN]).toEqual([
      3001,
      undefined,
      2500.5,
    ]);
  });

  it('names every bad variable, one line each', () => {
    let message = '';
    try {
      sandboxEnv({ SANDBOX_PORT: '0', SANDBOX_ISSUE_DELAY_MS: 'soon', SANDBOX_INITIAL_BALANCE_YUAN: '-1' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n').slice(1)).toEqual([
      '  DATABASE_URL: is required (npm start sets it for the embedded Postgres)',
      '  SANDBOX_PORT: must be a whole number from 1 to 65535',
      '  SANDBOX_ISSUE_DELAY_MS: must be a whole number from 0 to 600000',
      '  SANDBOX_INITIAL_BALANCE_YUAN: must be a number of yuan, 0 or more',
    ]);
    expect(() => sandboxEnv({ DATABASE_URL: 'mysql://db' })).toThrow('DATABASE_URL: must be a postgres:// URL');
  });

  it('SANDBOX_FRONTS: both by default, one of them, or a refusal naming the fronts', () => {
    expect(sandboxEnv({ DATABASE_URL: DB }).SANDBOX_FRONTS).toBeUndefined();
    expect(sandboxEnv({ DATABASE_URL: DB, SANDBOX_FRONTS: 'juhe' }).SANDBOX_FRONTS).toEqual(['juhe']);
    expect(sandboxEnv({ DATABASE_URL: DB, SANDBOX_FRONTS: ' juhe , panhe' }).SANDBOX_FRONTS).toEqual(['panhe', 'juhe']);
    expect(() => sandboxEnv({ DATABASE_URL: DB, SANDBOX_FRONTS: 'panhe,ctrip' })).toThrow(
      'SANDBOX_FRONTS: must be a comma-separated list of panhe, juhe',
    );
    expect(sandboxEnv({ DATABASE_URL: DB, JUHE_APP_KEY: 'k' }).JUHE_APP_KEY).toBe('k');
  });
});
