/**
 * The e2e suite in either language. A spec names what it looks for by the Chinese text it sees (the
 * source of truth); `L('退出登录')` is that text in the running project's language: the Chinese as is,
 * or the English of the message whose Chinese it is (messages/zh → messages/en, the same key), else the
 * English of a server text (messages/en-texts: labels, stations, refusals). A Chinese text that has no
 * English, or whose keys disagree on the English, fails the test (pass the key: `L('登录', 'nav.signIn')`).
 * `L.re('…')` is the same as a RegExp matching the whole text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';

type Tree = { [k: string]: string | Tree };
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'messages');

function leaves(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else leaves(v, `${prefix}${k}.`, out);
  }
  return out;
}

function load(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    leaves(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Tree, `${f.replace(/\.json$/, '')}.`, out);
  }
  return out;
}

const zh = load(path.join(root, 'zh'));
const en = load(path.join(root, 'en'));
const texts = new Map<string, string>();
for (const f of fs.readdirSync(path.join(root, 'en-texts')).filter((n) => n.endsWith('.json'))) {
  for (const [k, v] of Object.entries(
    JSON.parse(fs.readFileSync(path.join(root, 'en-texts', f), 'utf8')) as Record<string, string>,
  )) {
    texts.set(k, v);
  }
}

/** The running project's language: English when its browser locale is English. */
export function isEnglish(): boolean {
  return /^en/.test(test.info().project.use.locale ?? '');
}

export function english(text: string, key?: string): string {
  if (key) {
    const v = en.get(key);
    if (v === undefined || zh.get(key) !== text) throw new Error(`e2e/locale: ${key} is not "${text}"`);
    return v;
  }
  const found = new Set<string>();
  for (const [k, v] of zh) if (v === text) found.add(en.get(k)!);
  if (found.size === 1) return [...found][0]!;
  // A state label the page shows through tx(): the server text's English when it is one of them.
  const server = texts.get(text);
  if (server !== undefined && (found.size === 0 || found.has(server))) return server;
  if (found.size > 1)
    throw new Error(`e2e/locale: "${text}" has ${found.size} English texts (${[...found].join(' | ')}): pass a key`);
  throw new Error(`e2e/locale: "${text}" has no English in messages/`);
}

export function L(text: string, key?: string): string {
  return isEnglish() ? english(text, key) : text;
}

/** A text lib writes (a state label, a refusal) as the page shows it through tx(): its server-text English. */
L.server = (text: string): string => {
  if (!isEnglish()) return text;
  const v = texts.get(text);
  if (v === undefined) throw new Error(`e2e/locale: "${text}" has no English in messages/en-texts`);
  return v;
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
L.re = (text: string, key?: string): RegExp => new RegExp(`^${escape(L(text, key))}$`);
