/**
 * The English passenger form's passport details (issue 32): the nationality list is what the provider's
 * countryCode takes, and every refusal the shared schema gives a passport passenger reads in English.
 */
import { describe, expect, it } from 'vitest';
import { passengerFormSchema } from '@/lib/domain/passenger';
import { missingHoldFieldsMessage } from '@/lib/domain/documents';
import { englishOf } from '@/lib/i18n/texts';
import texts from '@/messages/en-texts';
import { countryOptions } from './countries';
import { PROVIDER_RULES, quotedRule } from './provider-rules';
import { checkFirst } from './check-first';

const issues = (input: Record<string, string>) => {
  const r = passengerFormSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

describe('English passport details', () => {
  it('offers ISO 3166-1 alpha-2 codes with English names, no duplicates, a stored odd code kept', () => {
    const list = countryOptions('en');
    expect(list.length).toBe(249);
    expect(new Set(list.map((o) => o.value)).size).toBe(list.length);
    expect(list.every((o) => /^[A-Z]{2}$/.test(o.value))).toBe(true);
    expect(list.find((o) => o.value === 'GB')?.label).toBe('United Kingdom (GB)');
    expect(list.find((o) => o.value === 'CN')?.label).toBe('China (CN)');
    expect(countryOptions('en', 'usa').some((o) => o.value === 'USA')).toBe(true);
    expect(countryOptions('en', 'us').filter((o) => o.value === 'US')).toHaveLength(1);
  });

  it('every code offered passes the schema as a passport nationality', () => {
    const base = {
      name: 'SMITH JOHN',
      idType: '2',
      idNo: 'E12345678',
      birthday: '1990-01-02',
      sex: '1',
      cardValidUntil: '2030-01-01',
    };
    for (const { value } of countryOptions('en')) expect(issues({ ...base, countryCode: value })).toEqual([]);
  });

  it('refuses a passport without its details, each refusal in English', () => {
    const found = issues({ name: 'SMITH JOHN', idType: '2', idNo: 'e1' });
    expect([...new Set(found.map((i) => i.path))].sort()).toEqual([
      'birthday',
      'cardValidUntil',
      'countryCode',
      'idNo',
      'sex',
    ]);
    for (const i of found) expect(hasHan(englishOf(i.message, texts)), i.message).toBe(false);
    const name = issues({ name: '张', idType: '2', idNo: 'E12345678' }).find((i) => i.path === 'name');
    expect(englishOf(name!.message, texts)).toBe("Enter the passenger's name (at least 2 characters).");
  });

  it('says in English which booking details a passport passenger lacks', () => {
    expect(englishOf(missingHoldFieldsMessage('SMITH JOHN', ['birthday', 'sex', 'countryCode']), texts)).toBe(
      "SMITH JOHN's document details lack the date of birth, sex and nationality (country or region code), which this ID type needs for booking: complete them under “Passengers”, then book.",
    );
  });

  it('quotes the provider rule in Chinese with the English after it', () => {
    expect(quotedRule('countryCode', 'country code')).toBe(`“${PROVIDER_RULES.countryCode}” — country code`);
    expect(PROVIDER_RULES.birthday).toContain('当cardType = 2,3,4,8时必填');
  });
});

describe('checkFirst (the English form checks in the browser first)', () => {
  const form = (o: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(o)) f.append(k, v);
    return f;
  };
  const tx = (m: string) => englishOf(m, texts);

  it('answers a passport without its details itself, in English, keeping what was typed', async () => {
    let posted = 0;
    const action = checkFirst(passengerFormSchema, () => Promise.resolve(((posted += 1), null)), tx, 'Check');
    const r = await action(undefined as never, form({ name: 'SMITH JOHN', idType: '2', idNo: 'E12345678' }));
    expect(posted).toBe(0);
    expect(r).toMatchObject({ ok: false, code: 'validation', message: 'Check', values: { name: 'SMITH JOHN' } });
    const errors = r && !r.ok ? r.fieldErrors : undefined;
    expect(errors?.birthday).toEqual(['This ID type needs the date of birth.']);
    expect(errors?.countryCode).toEqual(['Choose the nationality (a country or region code such as US, GB).']);
  });

  it('posts a complete passport passenger to the server', async () => {
    let posted = 0;
    const action = checkFirst(passengerFormSchema, () => Promise.resolve(((posted += 1), null)), tx, 'Check');
    await action(
      undefined as never,
      form({
        name: 'SMITH JOHN',
        idType: '2',
        idNo: 'E12345678',
        birthday: '1990-01-02',
        sex: '2',
        cardValidUntil: '2031-05-06',
        countryCode: 'GB',
        id: 'kept-for-the-server',
      }),
    );
    expect(posted).toBe(1);
  });
});
