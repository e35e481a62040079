/**
 * Which Chinese texts that lib/ (and protocol/, whose labels lib shows) writes have English in messages/en-texts (lib/i18n/texts.ts). Every
 * Chinese string or template literal in lib/**.ts (tests and harnesses aside) counts, except log
 * calls, tagged templates (SQL), English prose for developers that quotes a Chinese term (rule
 * sources, invariants) and provider wire values (a literal compared with, searched in or matched against what a
 * provider sent, a `case` label, an object key). A template's `${…}` parts become sample values
 * (`X1`, `X2`…): a text is covered when its English has no Chinese left. The uncovered texts are
 * printed per area of lib/ so each area can fill its file; the areas of the "lib texts" helper must
 * keep at least MIN_COVERED of their texts covered, so a covered text that loses its English (or a
 * new text without one) shows up here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EN_TEXTS } from './catalogue';
import { englishOf } from './texts';

const ROOT = join(__dirname, '..', '..');
const HAN = /\p{Script=Han}/u;
/** The areas whose English is in common/domain/orders/provider/delivery/reconcile/jobs/payments.json (protocol: domain, provider, delivery). */
const OWN_AREAS = new Set([
  '(root)',
  'protocol',
  'domain',
  'orders',
  'provider',
  'delivery',
  'reconcile',
  'jobs',
  'payments',
]);
/** Share of the own areas' texts that must have English (when written: 91.4 % on its own, more with the English of lib/domain/passenger.ts and documents.ts that the passengers area holds). */
const MIN_COVERED = 0.9;

/** English prose quoting a Chinese term (a rule's source note, an invariant's or a config warning's text): for developers. */
const ENGLISH_PROSE = /(?:\b[A-Za-z]{3,}\b[^A-Za-z]+){4}/;
const SKIPPED_CALLS = /^(log\.\w+|logError|console\.\w+)$/;
const WIRE_METHODS = new Set([
  'includes',
  'startsWith',
  'endsWith',
  'indexOf',
  'test',
  'match',
  'has',
  'get',
  'replace',
]);

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.ts$/.test(name) && !/\.(test|int|e2e)\.ts$|test-helper|\.int\.ts$|\.d\.ts$/.test(name)) out.push(p);
  }
  return out;
}

/** A literal whose text is a provider's wire value or a key, not a text shown to anyone. */
function isWire(literal: ts.Node): boolean {
  // A part of a concatenation stands where the whole does.
  let node = literal;
  while (
    ts.isParenthesizedExpression(node.parent) ||
    (ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.PlusToken)
  )
    node = node.parent;
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && /^(===|!==|==|!=)$/.test(parent.operatorToken.getText())) return true;
  if (ts.isCaseClause(parent)) return true;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return true;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return true;
  if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
    const callee = parent.expression;
    // lib/domain/rules.ts `v(value, effectiveFrom, source)`: the source note quoting the provider docs.
    if (ts.isIdentifier(callee) && callee.text === 'v' && parent.arguments.indexOf(node as ts.Expression) === 2)
      return true;
    if (ts.isPropertyAccessExpression(callee) && WIRE_METHODS.has(callee.name.text)) return true;
  }
  return false;
}

interface Text {
  area: string;
  file: string;
  line: number;
  text: string;
}

function textsOf(file: string): Text[] {
  const rel = relative(join(ROOT, 'lib'), file);
  const area = rel.startsWith('../protocol/') ? 'protocol' : rel.includes('/') ? rel.split('/')[0]! : '(root)';
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Text[] = [];
  const add = (node: ts.Node, text: string) => {
    if (!HAN.test(text) || isWire(node) || ENGLISH_PROSE.test(text)) return;
    out.push({
      area,
      file: relative(ROOT, file),
      line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
      text,
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && SKIPPED_CALLS.test(node.expression.getText(sf))) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return add(node, node.text);
    if (ts.isTemplateExpression(node)) {
      const text = node.templateSpans.reduce((s, span, i) => `${s}X${i + 1}${span.literal.text}`, node.head.text);
      add(node, text);
      // A template inside a template is a text of its own too.
      node.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    // SQL and other tagged templates are not texts.
    if (ts.isRegularExpressionLiteral(node) || ts.isTaggedTemplateExpression(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

// protocol/ holds the providers' state labels and messages that lib shows (ORDER_STATUS_LABELS, msgCodes).
const all = [...files(join(ROOT, 'lib')), ...files(join(ROOT, 'protocol'))].flatMap(textsOf);
const covered = (t: Text) => !HAN.test(englishOf(t.text, EN_TEXTS));

describe("English for lib's Chinese texts (messages/en-texts)", () => {
  it('reports the uncovered texts per area and keeps the own areas at least MIN_COVERED covered', () => {
    const byArea = new Map<string, Text[]>();
    for (const t of all) (byArea.get(t.area) ?? byArea.set(t.area, []).get(t.area)!).push(t);
    const lines: string[] = [];
    let own = 0;
    let ownCovered = 0;
    for (const [area, texts] of [...byArea].sort(([a], [b]) => a.localeCompare(b))) {
      const missing = texts.filter((t) => !covered(t));
      if (OWN_AREAS.has(area)) {
        own += texts.length;
        ownCovered += texts.length - missing.length;
      }
      lines.push(`${area}: ${texts.length - missing.length}/${texts.length} covered`);
      for (const t of missing) lines.push(`  ${t.file}:${t.line} ${t.text}`);
    }
    const share = ownCovered / own;
    console.info(
      `lib texts with English: own areas ${ownCovered}/${own} (${(share * 100).toFixed(1)}%)\n${lines.join('\n')}`,
    );
    expect(all.length).toBeGreaterThan(500);
    expect(share).toBeGreaterThanOrEqual(MIN_COVERED);
  });

  it('a covered text loses its coverage when its English goes', () => {
    const text = all.find((t) => OWN_AREAS.has(t.area) && covered(t) && EN_TEXTS[t.text] !== undefined);
    expect(text).toBeDefined();
    const without = Object.fromEntries(Object.entries(EN_TEXTS).filter(([k]) => k !== text!.text));
    expect(HAN.test(englishOf(text!.text, without))).toBe(true);
  });
});
