/**
 * The lookups of e2e/locale.ts without Playwright (tests/e2e-locale.test.ts checks every text the specs
 * name has its English): messages/zh → messages/en by key, and messages/en-texts (lib's texts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** A lib text's English (messages/en-texts), or undefined. */
export function serverEnglish(text: string): string | undefined {
  return texts.get(text);
}
