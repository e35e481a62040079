import { inject } from 'vitest';

// Integration test files read the throwaway database's URL provided by tests/global-setup.ts.
process.env.DATABASE_URL = inject('databaseUrl');

// Fixed test keys for personal data at rest (lib/crypto/pii.ts); production generates its own.
process.env.PII_ENCRYPTION_KEY ||= 'dGVzdC1waWkta2V5LTMyLWJ5dGVzLWxvbmctLS0tLS0';
process.env.PII_HASH_KEY ||= 'dGVzdC1oYXNoLWtleS0zMi1ieXRlcy1sb25nLS0tLS0';
