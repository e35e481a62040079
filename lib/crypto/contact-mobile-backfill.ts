/**
 * Part of the start-up backfill (pii-backfill.ts, run by `npm start` after the migrations): contact
 * mobiles of orders and grab orders written in clear before issue 26 item 10 (migration 0018 added
 * their masked copies) are sealed and their masked copy filled; values sealed under an older key are
 * re-sealed; a sealed value without its masked copy gets one. Idempotent: a second run finds nothing.
 *
 * Only rows that need work are read (a clear value, an old key id, or no masked copy), so a start on a
 * large orders table reads nothing once every row is sealed.
 *
 * Relative imports only: loaded by the start scripts through tsx.
 */
import type postgres from 'postgres';
import { maskPhone } from '../domain/mask';
import type { PiiCipher } from './pii';

const TABLES = ['orders', 'grab_orders'] as const;

export async function sealContactMobiles(sql: postgres.Sql, cipher: PiiCipher): Promise<number> {
  let sealed = 0;
  const prefix = `pii1.${cipher.currentKeyId}.%`;
  for (const table of TABLES) {
    const rows = await sql<{ id: string; contact_mobile: string; contact_mobile_masked: string | null }[]>`
      select id, contact_mobile, contact_mobile_masked from ${sql(table)}
      where contact_mobile is not null and contact_mobile <> ''
        and (contact_mobile not like ${prefix} or contact_mobile_masked is null)`;
    for (const r of rows) {
      const clear = cipher.isSealed(r.contact_mobile) ? cipher.open(r.contact_mobile) : r.contact_mobile;
      const value = cipher.needsReseal(r.contact_mobile) ? cipher.seal(clear) : r.contact_mobile;
      // Compare-and-set on the value read: a row rewritten meanwhile is left to its writer.
      await sql`update ${sql(table)} set contact_mobile = ${value}, contact_mobile_masked = ${maskPhone(clear)}
        where id = ${r.id} and contact_mobile = ${r.contact_mobile}`;
      sealed++;
    }
  }
  return sealed;
}
