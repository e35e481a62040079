/**
 * Finds user-visible text written into a component instead of the message files: JSX text with a
 * letter, a user-visible JSX attribute (placeholder, title, alt, aria-*, label) or a user-visible
 * property (label, title, message, description, …) holding a letter, and any Chinese in a string or
 * template literal. A line may be exempted with a `// i18n-exempt: <why>` comment on the line before
 * (a train number format, a brand) — the reason is required.
 */
import ts from 'typescript';

export interface Literal {
  line: number;
  text: string;
  kind: 'jsx-text' | 'attribute' | 'property' | 'chinese';
}

const LETTER = /\p{L}/u;
const CHINESE = /\p{Script=Han}/u;
const VISIBLE_ATTRIBUTES = new Set([
  'placeholder',
  'title',
  'alt',
  'label',
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'aria-roledescription',
]);
const VISIBLE_PROPERTIES = new Set([
  'label',
  'title',
  'message',
  'description',
  'placeholder',
  'heading',
  'hint',
  'text',
  'error',
  'errorMessage',
  'success',
  'summary',
  'caption',
  'emptyText',
  'confirmLabel',
  'cancelLabel',
]);

function textOf(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('…');
  return null;
}

export function findLiterals(source: string, fileName = 'file.tsx'): Literal[] {
  const sf = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const lines = source.split('\n');
  const out: Literal[] = [];
  const exempt = (line: number) =>
    /\/\/\s*i18n-exempt:\s*\S/.test(lines[line - 1] ?? '') || /\{\/\*\s*i18n-exempt:\s*\S/.test(lines[line - 1] ?? '');
  const add = (node: ts.Node, text: string, kind: Literal['kind']) => {
    const start = node.getStart(sf) + (ts.isJsxText(node) ? node.text.search(/\S/) : 0);
    const line = sf.getLineAndCharacterOfPosition(start).line + 1;
    if (!exempt(line - 1)) out.push({ line, text: text.trim().slice(0, 80), kind });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isJsxText(node)) {
      if (LETTER.test(node.text)) add(node, node.text, 'jsx-text');
      return;
    }
    if (ts.isJsxAttribute(node) && node.initializer) {
      const name = node.name.getText(sf);
      const init = ts.isJsxExpression(node.initializer) ? node.initializer.expression : node.initializer;
      const text = init ? textOf(init) : null;
      if (text !== null && VISIBLE_ATTRIBUTES.has(name) && LETTER.test(text)) {
        add(node, text, 'attribute');
        return;
      }
    }
    if (ts.isPropertyAssignment(node)) {
      const name = ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : '';
      const text = textOf(node.initializer);
      if (text !== null && VISIBLE_PROPERTIES.has(name) && LETTER.test(text)) {
        add(node, text, 'property');
        return;
      }
    }
    const text = textOf(node);
    if (text !== null) {
      if (CHINESE.test(text)) add(node, text, 'chinese');
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
