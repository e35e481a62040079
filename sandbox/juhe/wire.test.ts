import { describe, expect, it } from 'vitest';
import { JUHE, JuheError } from './codes';
import { parsePassengers } from './wire';

const one = (over: Record<string, unknown> = {}) => ({
  passengerid: 1,
  passengersename: '张三',
  piaotype: '1',
  piaotypename: '成人票',
  passporttypeseid: '1',
  passporttypeseidname: '二代身份证',
  passportseno: '11010519491231002X',
  price: '553.5',
  zwcode: 'O',
  zwname: '二等座',
  ...over,
});
const parse = (over: Record<string, unknown>) => parsePassengers({ passengers: JSON.stringify([one(over)]) });

describe('Juhe submit passengers: passporttypeseid (juhe-train-api.md §14 l.409)', () => {
  it.each([
    ['1', '二代身份证', 1],
    ['B', '护照', 2],
    ['C', '港澳通行证', 3],
    ['G', '台湾通行证', 4],
  ])('%s %s books as card type %i', (code, name, cardType) => {
    expect(parse({ passporttypeseid: code, passporttypeseidname: name })[0]!.cardType).toBe(cardType);
  });

  it.each(['8', '9', 'X', 'b', 'constructor', 'toString', ''])(
    'refuses passporttypeseid %j outside the table',
    (code) => {
      let err: unknown;
      try {
        parse({ passporttypeseid: code, passporttypeseidname: '护照' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(JuheError);
      expect((err as JuheError).code).toBe(JUHE.BAD_PARAMS);
      expect((err as Error).message).toContain('passporttypeseid无效');
    },
  );

  it('refuses 2 一代身份证 (in the table, no longer valid for travel)', () => {
    expect(() => parse({ passporttypeseid: '2', passporttypeseidname: '一代身份证' })).toThrow(/一代身份证已停止使用/);
  });
});
