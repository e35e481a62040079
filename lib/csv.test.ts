import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, toCsv } from './csv';

describe('CSV formula injection', () => {
  it.each(['=HYPERLINK("http://evil.test","点我")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1', '=1'])(
    'writes %j as text',
    (cell) => {
      expect(neutraliseCell(cell)).toBe(`'${cell}`);
    },
  );

  it('leaves ordinary text and plain numbers alone', () => {
    for (const cell of ['张三', 'G1', '2026-12-01 08:00', '-12.50', '+3', '0.00', '', 'a=b'])
      expect(neutraliseCell(cell)).toBe(cell);
  });

  it('every text cell of a CSV, quoted where needed', () => {
    const csv = toCsv([
      ['客户', '金额'],
      ['=HYPERLINK("http://evil.test","x")', -12.5],
      ['@cmd', '-1.00'],
      [null, undefined],
    ]);
    expect(csv).toBe('客户,金额\n"\'=HYPERLINK(""http://evil.test"",""x"")",-12.5\n\'@cmd,-1.00\n,\n');
  });
});

describe('every CSV export', () => {
  it('is written through toCsv: nothing else imports csv-stringify', () => {
    const root = path.resolve(__dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
        const file = path.join(dir, e.name);
        if (e.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(e.name) && /from ['"]csv-stringify/.test(fs.readFileSync(file, 'utf8')))
          offenders.push(path.relative(root, file));
      }
    };
    for (const dir of ['app', 'lib', 'components', 'scripts', 'bench']) walk(path.join(root, dir));
    expect(offenders).toEqual(['lib/csv.ts']);
  });
});
