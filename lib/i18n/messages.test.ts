import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { EN_TEXTS } from './catalogue';
import { MESSAGES } from './messages';
import { englishOf } from './texts';

type Tree = { [k: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const zh = leaves(MESSAGES.zh);
const en = leaves(MESSAGES.en);
const args = (m: string, locale: string) => {
  const names = new Set<string>();
  const walk = (els: unknown[]) => {
    for (const el of els as {
      type: number;
      value?: string;
      options?: Record<string, { value: unknown[] }>;
      children?: unknown[];
    }[]) {
      if (el.value !== undefined && el.type !== 0 && el.type !== 7) names.add(el.value);
      for (const o of Object.values(el.options ?? {})) walk(o.value);
      if (el.children) walk(el.children);
    }
  };
  walk(new IntlMessageFormat(m, locale).getAst());
  return [...names].sort();
};

describe('messages', () => {
  it('English has exactly the Chinese keys', () => {
    expect([...en.keys()].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh.keys()].filter((k) => !en.has(k))).toEqual([]);
  });

  it('every message parses as ICU, with the same arguments in both languages', () => {
    const mismatched = [...zh]
      .filter(([k, m]) => JSON.stringify(args(m, 'zh')) !== JSON.stringify(args(en.get(k) ?? '', 'en')))
      .map(([k]) => k);
    expect(mismatched).toEqual([]);
  });

  it('no English message is left empty or in Chinese (but the switch names Chinese in Chinese)', () => {
    const ownLanguage = new Set(['common.switchTo', 'common.switchToLabel']);
    expect(
      [...en].filter(([k, m]) => !ownLanguage.has(k) && (!m.trim() || /\p{Script=Han}{2,}/u.test(m))).map(([k]) => k),
    ).toEqual([]);
  });
});

describe('server texts (messages/en-texts)', () => {
  it('no Chinese text has English in two files', () => {
    const dir = path.join(process.cwd(), 'messages/en-texts');
    const seen = new Map<string, string>();
    const repeated: string[] = [];
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      for (const key of Object.keys(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as object)) {
        // The same template under other placeholder names is the same key.
        const k = key.replace(/\{(#?)\w+\}/g, '{$1}');
        if (seen.has(k)) repeated.push(`${key} (${seen.get(k)}, ${f})`);
        seen.set(k, f);
      }
    }
    expect(repeated).toEqual([]);
  });

  it('each English keeps the placeholders of its Chinese key', () => {
    const names = (s: string) => [...s.matchAll(/\{(#?\w+)\}/g)].map((m) => m[1]).sort();
    const bad = Object.entries(EN_TEXTS).filter(
      ([zhText, enText]) => JSON.stringify(names(zhText)) !== JSON.stringify(names(enText)),
    );
    expect(bad).toEqual([]);
  });

  it('translates exact texts and templates, the values looked up in turn', () => {
    const cat = { '{name} 的订单已{state}': "{name}'s order is {state}", 已出票: 'issued', 车次: 'Train' };
    expect(englishOf('车次', cat)).toBe('Train');
    expect(englishOf('张三 的订单已已出票', cat)).toBe("张三's order is issued");
    expect(englishOf('没有的文字', cat)).toBe('没有的文字');
  });

  it('prefers the template with the longest fixed text, and translates a value through a template', () => {
    const cat = {
      '{a}接口超时({b})': '{a} timed out ({b})',
      '供应商接口超时({v})': 'The provider timed out ({v})',
      '{m}月{d}日': '{m}/{d}',
      '{date} 起售': 'on sale from {date}',
    };
    expect(englishOf('供应商接口超时(5s)', cat)).toBe('The provider timed out (5s)');
    expect(englishOf('12月8日 起售', cat)).toBe('on sale from 12/8');
  });

  it("a person's name, e-mail or id is shown as typed, even when it is also a station's name", () => {
    const cat = {
      '{name} 的证件号码需要补全。': "{name}'s ID number must be completed.",
      北京: 'Beijing',
      已出票: 'issued',
    };
    expect(englishOf('北京 的证件号码需要补全。', cat)).toBe("北京's ID number must be completed.");
    expect(englishOf('订单已出票', { '订单{state}': 'Order {state}', 已出票: 'issued' })).toBe('Order issued');
  });

  it('a {#number} placeholder matches only a number', () => {
    const cat = { '{#m}分': '{#m} min', '{#h}小时{#m}分': '{#h} h {#m} min' };
    expect(englishOf('3小时20分', cat)).toBe('3 h 20 min');
    expect(englishOf('45分', cat)).toBe('45 min');
    expect(englishOf('退款 100 分', cat)).toBe('退款 100 分');
  });
});
