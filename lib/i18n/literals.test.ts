import { describe, expect, it } from 'vitest';
import { findLiterals } from './literals';

describe('findLiterals', () => {
  it('finds JSX text, visible attributes and properties, and Chinese in any literal', () => {
    const found = findLiterals(
      [
        "const a = { label: 'Second Class', id: 'x' };",
        "const b = '二等座';",
        'export function C() {',
        '  return (',
        '    <div title="Hello" className="p-2">',
        '      Book now',
        "      <input placeholder={'名字'} aria-label={t('x')} />",
        '      {t(`a.${b}`)} ¥ → ·',
        '    </div>',
        '  );',
        '}',
      ].join('\n'),
    );
    expect(found.map((f) => [f.line, f.kind, f.text])).toEqual([
      [1, 'property', 'Second Class'],
      [2, 'chinese', '二等座'],
      [5, 'attribute', 'Hello'],
      [6, 'jsx-text', 'Book now'],
      [7, 'attribute', '名字'],
    ]);
  });

  it('skips imports, class names, keys and an exempted line with its reason', () => {
    const found = findLiterals(
      [
        "import x from './a';",
        'const k = `orders.${id}`;',
        '// i18n-exempt: the operator code is a brand',
        "const brand = '12306 中国铁路';",
        '// i18n-exempt:',
        "const c = '车次';",
        'const e = <span className="text-sm">{n}</span>;',
      ].join('\n'),
    );
    expect(found.map((f) => f.line)).toEqual([6]);
  });
});
