import { inject } from 'vitest';

// Integration test files read the throwaway database's URL provided by tests/global-setup.ts.
process.env.DATABASE_URL = inject('databaseUrl');
