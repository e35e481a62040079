/**
 * The running project's own database (the embedded Postgres of its stack: e2e/stack.ts), for the few checks that must change state no page can, such as a lock running out.
 */
import postgres from 'postgres';
import { stackDbPort } from './stack';

export function e2eSql(): postgres.Sql {
  return postgres(`postgres://postgres:postgres-embedded@127.0.0.1:${stackDbPort()}/rail_portal`, {
    max: 1,
    onnotice: () => {},
  });
}
