import { describe, expect, it } from 'vitest';
import { conditionCardTypes, requestTables } from './doc-tables';

describe('request tables of the provider documents', () => {
  it('reads request tables only, with nested rows, unnamed rows and qualifiers', () => {
    const md = [
      '## 3. 提交订单 — `submit`',
      '参数名称 | 类型 | 必填 | 说明 |',
      '---|---|---|---|',
      'key, dtype | | | common |',
      'orderNo | string | 是 | 订单号 |',
      'string | 是 | 邮箱(当cardType为3和4时必填) | |',
      'all | string | 是 (unless `all=1`) | x |',
      '参数名称 | 类型 | 说明 |',
      '---|---|---|',
      'success | bool | 响应 |',
      '参数名称 | 类型 | 必填 | 说明 |',
      '---|',
      '参数名称 | 类型 | 说明 |',
    ].join('\n');
    const tables = requestTables(md);
    expect(tables).toHaveLength(2);
    expect(tables[0]).toMatchObject({ line: 2, endpoint: 'submit', common: ['key', 'dtype'] });
    expect(tables[0]!.rows.map((r) => [r.name, r.type, r.required, r.qualifier, r.line])).toEqual([
      ['orderNo', 'string', true, '', 5],
      [null, 'string', true, '', 6],
      ['all', 'string', true, '(unless `all=1`)', 7],
    ]);
    expect(tables[0]!.rows[1]!.requiredForCardTypes).toEqual([3, 4]);
    expect(tables[1]!.rows).toEqual([]);
  });

  it.each([
    ['出生日期(格式:yyyy-MM-dd , 当cardType = 2,3,4,8时必填)', [2, 3, 4, 8]],
    ['国家/地区 代码(当cardType = 2,8时必填。可向平台索取)', [2, 8]],
    ['性别(当cardType非1和9时必填。)', [2, 3, 4, 8]],
    ['国家地区,示例:CN(当cardType等于2和8时必填。)', [2, 8]],
    ['证件号码', null],
  ])('"%s" → %j', (description, types) => {
    expect(conditionCardTypes(description)).toEqual(types);
  });
});
