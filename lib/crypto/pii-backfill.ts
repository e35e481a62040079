/**
 * Run on every start after the migrations: seals personal data written before encryption existed
 * (migration 0004 kept the clear-text columns' values) and re-seals values under an older key after a
 * key rotation, so that after one start every row is sealed under PII_ENCRYPTION_KEY. Idempotent.
 *
 * Relative imports only: loaded by the start scripts through tsx.
 */
import postgres from 'postgres';
import { maskIdNumber, maskPhone } from '../domain/mask';
import { sealContactMobiles } from './contact-mobile-backfill';
import { createPiiCipher, keysFromEnv, type PiiCipher } from './pii';

export async function backfillPii(
  databaseUrl: string,
  cipher: PiiCipher = createPiiCipher(keysFromEnv()),
): Promise<{ resealed: number }> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  let resealed = 0;
  const open = (v: string) => (cipher.isSealed(v) ? cipher.open(v) : v);
  try {
    const passengers = await sql<
      { id: string; id_type: string; id_no: string; mobile: string | null; id_complete: boolean }[]
    >`
      select id, id_type, id_no, mobile, id_complete from saved_passengers`;
    for (const p of passengers) {
      if (!cipher.needsReseal(p.id_no) && (p.mobile === null || !cipher.needsReseal(p.mobile))) continue;
      const idNo = open(p.id_no);
      const mobile = p.mobile === null ? null : open(p.mobile);
      await sql`update saved_passengers set
          id_no = ${cipher.seal(idNo)},
          id_no_hash = ${p.id_complete ? cipher.hash('id', `${p.id_type}:${idNo.trim().toUpperCase()}`) : null},
          id_no_masked = ${maskIdNumber(idNo)},
          mobile = ${mobile === null ? null : cipher.seal(mobile)},
          mobile_masked = ${mobile === null ? null : maskPhone(mobile)}
        where id = ${p.id}`;
      resealed++;
    }
    const tickets = await sql<{ id: string; id_no: string }[]>`select id, id_no from order_tickets`;
    for (const t of tickets) {
      if (!cipher.needsReseal(t.id_no)) continue;
      await sql`update order_tickets set id_no = ${cipher.seal(open(t.id_no))} where id = ${t.id}`;
      resealed++;
    }
    const accounts = await sql<{ id: string; account_enc: string; password_enc: string }[]>`
      select id, account_enc, password_enc from train_accounts`;
    for (const a of accounts) {
      if (!cipher.needsReseal(a.account_enc) && !cipher.needsReseal(a.password_enc)) continue;
      await sql`update train_accounts set account_enc = ${cipher.seal(open(a.account_enc))},
          password_enc = ${cipher.seal(open(a.password_enc))} where id = ${a.id}`;
      resealed++;
    }
    resealed += await sealContactMobiles(sql, cipher); // orders' and grabs' contact mobiles (issue 26 item 10)
  } finally {
    await sql.end();
  }
  return { resealed };
}
