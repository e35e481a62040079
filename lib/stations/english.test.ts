import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import committed from '@/messages/en-texts/stations.json';
import { allStations, parseStationCsv, placeFromEnglish, searchStations } from './index';
import { englishKey, englishStationName, stationTexts, syllables } from './english';

const byName = new Map(allStations().map((s) => [s.name, s] as const));
const en = (name: string) => {
  return englishStationName(byName.get(name)!, (n) => byName.get(n));
};

describe('English station names (the rule in english.ts)', () => {
  it.each([
    ['北京南', 'Beijing South'],
    ['北京西', 'Beijing West'],
    ['上海虹桥', 'Shanghai Hongqiao'],
    ['北京大兴', 'Beijing Daxing'],
    ['广州', 'Guangzhou'],
    ['西安', "Xi'an"],
    ['西安北', "Xi'an North"],
    ['哈尔滨', 'Harbin'],
    ['哈尔滨西', 'Harbin West'],
    ['香港西九龙', 'Hong Kong West Kowloon'],
    ['一面坡北', 'Yimianpo North'],
    ['礼贤', 'Lixian'],
  ])('%s → %s', (zh, english) => {
    expect(en(zh)).toBe(english);
  });

  it('cuts pinyin by the character count and the initials column', () => {
    expect(syllables('xian', 2, 'xa')).toEqual(['xi', 'an']);
    expect(syllables('xian', 1)).toEqual(['xian']);
    expect(syllables('fangan', 2, 'fg')).toEqual(['fan', 'gan']);
    expect(syllables('fangan', 2, 'fa')).toEqual(['fang', 'an']);
    expect(syllables('lvliang', 2, 'll')).toEqual(['lv', 'liang']);
  });

  it('gives every station of the bundled list a well-formed English name', () => {
    const odd = allStations()
      .map((s) => en(s.name))
      .filter((e) => !/^[A-Z][a-zü']*( [A-Z][a-zü']*)*$/.test(e));
    expect(odd).toEqual([]);
  });

  it('the committed messages/en-texts/stations.json is what scripts/i18n-stations.ts derives from the CSV', () => {
    const csv = fs.readFileSync(path.join(process.cwd(), 'data', 'railway', 'station.csv'), 'utf8');
    expect(committed).toEqual(stationTexts(parseStationCsv(csv)));
    expect(committed).toMatchObject({ 北京: 'Beijing', 上海: 'Shanghai', 北京南: 'Beijing South' });
  });
});

describe('autocomplete by English name', () => {
  const values = (q: string) => searchStations(q, 12).map((o) => o.value);

  it('finds a city and its stations by its English name', () => {
    expect(values('Beijing')).toEqual(expect.arrayContaining(['北京', '北京南', '北京西']));
    expect(searchStations('Beijing', 12)[0]).toMatchObject({ kind: 'city', value: '北京', english: 'Beijing' });
  });

  it('finds a station by its English name, in any case, with or without the space or apostrophe', () => {
    for (const q of ['beijing south', 'Beijing South', 'BEIJING SOUTH', 'beijing s'])
      expect(values(q)[0]).toBe('北京南');
    expect(values('Shanghai Hongqiao')[0]).toBe('上海虹桥');
    expect(values("Xi'an North")[0]).toBe('西安北');
    expect(values('xian north')[0]).toBe('西安北');
    expect(values('Harbin')).toContain('哈尔滨');
    expect(values('hongqiao')).toContain('上海虹桥');
  });

  it('keeps the Chinese name as the value and gives the English beside it', () => {
    const o = searchStations('beijing south', 1)[0]!;
    expect(o).toMatchObject({ value: '北京南', label: '北京南', english: 'Beijing South', cityEnglish: 'Beijing' });
    expect(englishKey("Xi'an  North")).toBe('xian north');
  });

  it('maps a typed English name back to the Chinese the provider knows', () => {
    expect(placeFromEnglish('beijing south')).toBe('北京南');
    expect(placeFromEnglish('Beijing')).toBe('北京');
    expect(placeFromEnglish("Xi'an North")).toBe('西安北');
    expect(placeFromEnglish('Shanghai Hongqiao')).toBe('上海虹桥');
    expect(placeFromEnglish('北京南')).toBe('北京南');
    expect(placeFromEnglish('Nowhere Town')).toBe('Nowhere Town');
  });
});
