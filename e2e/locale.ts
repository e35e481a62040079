/**
 * The e2e suite in either language. A spec names what it looks for by the Chinese text it sees (the
 * source of truth); `L('退出登录')` is that text in the running project's language: the Chinese as is,
 * or the English of the message whose Chinese it is (messages/zh → messages/en, the same key), else the
 * English of a server text (messages/en-texts: labels, stations, refusals). A Chinese text that has no
 * English, or whose keys disagree on the English, fails the test (pass the key: `L('登录', 'nav.signIn')`).
 * `L.re('…')` is the same as a RegExp matching the whole text.
 */
import { test } from '@playwright/test';
import { english, serverEnglish } from './locale-texts';

/** The running project's language: English when its browser locale is English. */
export function isEnglish(): boolean {
  return /^en/.test(test.info().project.use.locale ?? '');
}

export function L(text: string, key?: string): string {
  return isEnglish() ? english(text, key) : text;
}

/** A text lib writes (a state label, a refusal) as the page shows it through tx(): its server-text English. */
L.server = (text: string): string => {
  if (!isEnglish()) return text;
  const v = serverEnglish(text);
  if (v === undefined) throw new Error(`e2e/locale: "${text}" has no English in messages/en-texts`);
  return v;
};

/** A message in the running language with its `{placeholders}` filled in, as the page composes it
 * (`fill(L('余票来自 {label}', key), { label })`); a placeholder without a value stays as written. */
export function fill(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (whole, k: string) => (k in values ? String(values[k]) : whole));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
L.re = (text: string, key?: string): RegExp => new RegExp(`^${escape(L(text, key))}$`);
