// Vitest runs outside React Server Components; the real 'server-only' package would throw there.
export {};
