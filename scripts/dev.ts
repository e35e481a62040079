// `npm run dev`: the same runtime as `npm start`, with `next dev` (hot reload) instead of a build.
process.argv.push('--dev');
await import('./start');
export {};
