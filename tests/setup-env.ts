import { inject } from 'vitest';

// Integration test files read the throwaway database's URL provided by tests/global-setup.ts.
process.env.DATABASE_URL = inject('databaseUrl');

// Fixed test keys for personal data at rest (lib/crypto/pii.ts); production generates its own.
process.env.PII_ENCRYPTION_KEY ||= 'dGVzdC1waWkta2V5LTMyLWJ5dGVzLWxvbmctLS0tLS0';
process.env.PII_HASH_KEY ||= 'dGVzdC1oYXNoLWtleS0zMi1ieXRlcy1sb25nLS0tLS0';

// The test sandboxes do not keep holds over 12306's night closure (startTestSandbox), and the tests
// run at any real hour: the portal's side agrees (lib/orders/night.ts). A harness whose sandbox plays
// the closure sets it on (lib/orders/harness.int.ts).
process.env.PROVIDER_NIGHT_CLOSURE = 'off';

// Integration tests log at warn and above (the JSON lines of every callback and job would bury the
// runner's output); lib/obs/logs.int.test.ts reads its own at debug.
process.env.LOG_LEVEL ||= 'warn';
