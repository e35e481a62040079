/**
 * Moved to testing.int.ts (test-only wiring of the sandbox and the portal's client). Kept for the
 * importers still on the old path; import './testing.int' instead.
 */
export * from './testing.int';
