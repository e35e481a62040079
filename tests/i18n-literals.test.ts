/**
 * No user-visible text in a component outside the message files (issue 32): every file under app/
 * and components/ is read with lib/i18n/literals.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLiterals } from '@/lib/i18n/literals';

const ROOTS = ['app', 'components'];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const all = ROOTS.flatMap((r) => files(r)).sort();
const found = new Map(all.map((f) => [f, findLiterals(fs.readFileSync(f, 'utf8'), f)] as const));

describe('user-visible text lives in the message files', () => {
  it('no component holds a literal', () => {
    const offenders = [...found]
      .filter(([, l]) => l.length)
      .flatMap(([f, l]) => l.map((x) => `${f}:${x.line} ${x.kind} ${JSON.stringify(x.text)}`));
    expect(offenders).toEqual([]);
  });
});
