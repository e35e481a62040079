/**
 * The end-to-end run's own database (the embedded Postgres that playwright.config.ts starts on
 * E2E_PORT + 20), for the few checks that must change state no page can, such as a lock running out.
 */
import postgres from 'postgres';

export function e2eSql(): postgres.Sql {
  const port = Number(process.env.E2E_PORT ?? 3100) + 20;
  return postgres(`postgres://postgres:postgres-embedded@127.0.0.1:${port}/rail_portal`, {
    max: 1,
    onnotice: () => {},
  });
}
