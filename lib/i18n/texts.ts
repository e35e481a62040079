/**
 * Server texts in the reader's language. lib/ writes its user-facing texts (errors, refusals quoting
 * the provider's rules, state labels) in Chinese, the source of truth; messages/en-texts holds the
 * English for each, keyed by the Chinese. A key may hold `{placeholders}`: "{name} 的证件已过期" matches
 * "张三 的证件已过期" and gives "张三's document has expired"; each placeholder's value is itself
 * looked up (a state label inside a sentence). A text without English stays Chinese (a unit test
 * lists lib's texts that have none). Pure: the catalogue is passed in (lib/i18n/catalogue.ts on the
 * server; the root layout hands it to the client on English pages only).
 */
import type { Locale } from './config';

export type Catalogue = Readonly<Record<string, string>>;

interface Template {
  re: RegExp;
  names: string[];
  english: string;
}

const PLACEHOLDER = /\{(\w+)\}/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(catalogue: Catalogue): Template[] {
  const out: Template[] = [];
  for (const [zh, english] of Object.entries(catalogue)) {
    const names = [...zh.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    if (!names.length) continue;
    const source = zh
      .split(PLACEHOLDER)
      .map((part, i) => (i % 2 ? '([\\s\\S]+?)' : escape(part)))
      .join('');
    out.push({ re: new RegExp(`^${source}$`), names, english });
  }
  // The most specific first: the longest fixed text.
  return out.sort((a, b) => b.re.source.length - a.re.source.length);
}

const compiled = new WeakMap<Catalogue, Template[]>();

/** The English of a Chinese server text, or the text itself when the catalogue has none. */
export function englishOf(text: string, catalogue: Catalogue): string {
  const exact = catalogue[text];
  if (exact !== undefined) return exact;
  let templates = compiled.get(catalogue);
  if (!templates) compiled.set(catalogue, (templates = compile(catalogue)));
  for (const t of templates) {
    const m = t.re.exec(text);
    if (!m) continue;
    const values = new Map(t.names.map((n, i) => [n, m[i + 1]!] as const));
    return t.english.replace(PLACEHOLDER, (whole, name: string) => {
      const v = values.get(name);
      return v === undefined ? whole : (catalogue[v] ?? v);
    });
  }
  return text;
}

/** A server text in the locale: Chinese as written, English from the catalogue. */
export function translateText(locale: Locale, text: string, catalogue: Catalogue): string {
  return locale === 'zh' ? text : englishOf(text, catalogue);
}
