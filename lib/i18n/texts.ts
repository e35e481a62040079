/**
 * Server texts in the reader's language. lib/ writes its user-facing texts (errors, refusals quoting
 * the provider's rules, state labels) in Chinese, the source of truth; messages/en-texts holds the
 * English for each, keyed by the Chinese. A key may hold `{placeholders}`: "{name} 的证件已过期" matches
 * "张三 的证件已过期" and gives "张三's document has expired"; each placeholder's value is itself
 * looked up (a state label inside a sentence), but for a person's name, an e-mail or an id (VERBATIM). A text without English stays Chinese (a unit test
 * lists lib's texts that have none). Pure: the catalogue is passed in (lib/i18n/catalogue.ts on the
 * server; the root layout hands it to the client on English pages only).
 */
import type { Locale } from './config';

export type Catalogue = Readonly<Record<string, string>>;

interface Template {
  re: RegExp;
  names: string[];
  english: string;
  /** The length of its fixed text: the longest wins ("供应商接口超时({v})" over "{a}接口超时({b})"). */
  fixed: number;
}

// `{name}` matches any text, `{#name}` only a number ("{#m}分" must not turn "退款 100 分" into minutes).
const PLACEHOLDER = /\{(#?\w+)\}/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(catalogue: Catalogue): Template[] {
  const out: Template[] = [];
  for (const [zh, english] of Object.entries(catalogue)) {
    const names = [...zh.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    if (!names.length) continue;
    const source = zh
      .split(PLACEHOLDER)
      .map((part, i) => (i % 2 ? (part.startsWith('#') ? '(\\d+(?:\\.\\d+)?)' : '([\\s\\S]+?)') : escape(part)))
      .join('');
    out.push({ re: new RegExp(`^${source}$`), names, english, fixed: zh.replace(PLACEHOLDER, '').length });
  }
  // The most specific first: the longest fixed text, then the fewer placeholders.
  return out.sort((a, b) => b.fixed - a.fixed || a.names.length - b.names.length);
}

const compiled = new WeakMap<Catalogue, Template[]>();

/**
 * Placeholders that hold what a person typed or was given (a passenger's or customer's name, an
 * e-mail, an order number): their values are shown as they are, never looked up (a passenger named
 * 北京 stays 北京 in "北京's ID number must be completed", not "Beijing").
 */
const VERBATIM = new Set(['name', 'old', 'customer', 'email', 'id', 'subject']);

/**
 * The English of a Chinese server text, or the text itself when the catalogue has none. A
 * placeholder's value is looked up in turn (exactly, then through the templates, two levels deep: a
 * date inside a notice inside a sentence).
 */
export function englishOf(text: string, catalogue: Catalogue, depth = 0): string {
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
      if (v === undefined) return whole;
      if (VERBATIM.has(name)) return v;
      return depth < 2 ? englishOf(v, catalogue, depth + 1) : (catalogue[v] ?? v);
    });
  }
  return text;
}

/** A server text in the locale: Chinese as written, English from the catalogue. */
export function translateText(locale: Locale, text: string, catalogue: Catalogue): string {
  return locale === 'zh' ? text : englishOf(text, catalogue);
}
