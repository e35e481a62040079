/**
 * Every text an e2e spec names through e2e/locale.ts (`L('…')`, `L('…', 'key')`, `L.re('…')`,
 * `L.server('…')`) has its English, so the English Playwright project cannot fail on a missing
 * translation minutes into a run: it fails here, in seconds, naming the spec and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { english, serverEnglish } from '@/e2e/locale-texts';

type Named = { at: string; fn: 'L' | 'L.re' | 'L.server'; text: string; key?: string };

function named(file: string): Named[] {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Named[] = [];
  const literal = (n: ts.Node | undefined) =>
    n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined;
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) {
      const callee = n.expression.getText(src);
      if (callee === 'L' || callee === 'L.re' || callee === 'L.server') {
        const text = literal(n.arguments[0]);
        if (text !== undefined) {
          const { line } = src.getLineAndCharacterOfPosition(n.getStart(src));
          out.push({ at: `${file}:${line + 1}`, fn: callee, text, key: literal(n.arguments[1]) });
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

const files = fs
  .readdirSync('e2e')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join('e2e', f));
const all = files.flatMap(named);

describe('e2e texts in English', () => {
  it('the specs name texts through L()', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it('every text a spec names has exactly one English', () => {
    const missing: string[] = [];
    for (const n of all) {
      try {
        if (n.fn === 'L.server') {
          if (serverEnglish(n.text) === undefined) throw new Error('no English in messages/en-texts');
        } else english(n.text, n.key);
      } catch (e) {
        missing.push(`${n.at} ${n.fn}(${JSON.stringify(n.text)}): ${(e as Error).message}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
