/**
 * English station names (issue 32), derived from 12306's station list (data/railway/station.csv:
 * name, full pinyin, initials, city). The rule, the way 12306's English site and Trip.com write them:
 *
 * 1. The pinyin is cut into one syllable per 汉字 (a table of the ~400 Mandarin syllables), each
 *    syllable starting with the letter the initials column gives for its character — so 西安
 *    "xian" / "xa" is xi + an, never the one-syllable xian. A syllable starting with a, o or e inside
 *    a word takes an apostrophe: Xi'an, Hai'an. ü (written v in the list) is shown as ü: Lüliang.
 * 2. A name that is its city's name plus a direction 东/南/西/北 is "<City> East/South/West/North":
 *    北京南 → Beijing South, 西安北 → Xi'an North.
 *    The same when the rest is another station's name (一面坡北 → Yimianpo North).
 * 3. A name that is its city's name plus something else is "<City> <Rest>", each a capitalised word:
 *    上海虹桥 → Shanghai Hongqiao, 北京大兴 → Beijing Daxing.
 * 4. Any other name is one capitalised word: 广州 → Guangzhou, 礼贤 → Lixian.
 * 5. A few places have a conventional English name that is not their pinyin (EXONYMS): 哈尔滨 Harbin,
 *    乌鲁木齐 Urumqi, 香港西九龙 Hong Kong West Kowloon; it replaces the city part (哈尔滨西 → Harbin West).
 * When the initials column disagrees with the pinyin (a polyphonic character: 洪洞 hongtong / hd), the
 * cut is made without it; when the pinyin cannot be cut at all, it is shown as one capitalised word.
 * The value sent to a provider stays the Chinese name; the English is for reading and for typing
 * (autocomplete matches it: lib/stations/index.ts).
 */

const INITIALS = [
  'b',
  'p',
  'm',
  'f',
  'd',
  't',
  'n',
  'l',
  'g',
  'k',
  'h',
  'j',
  'q',
  'x',
  'zh',
  'ch',
  'sh',
  'r',
  'z',
  'c',
  's',
  'y',
  'w',
];
const FINALS = [
  'a',
  'o',
  'e',
  'ai',
  'ei',
  'ao',
  'ou',
  'an',
  'en',
  'ang',
  'eng',
  'ong',
  'er',
  'i',
  'ia',
  'ie',
  'iao',
  'iu',
  'ian',
  'in',
  'iang',
  'ing',
  'iong',
  'u',
  'ua',
  'uo',
  'uai',
  'ui',
  'uan',
  'un',
  'uang',
  'ueng',
  'v',
  've',
  'van',
  'vn',
  'ue',
  'io',
];
// Every initial × final (a superset of the real syllables is harmless: the initials column and the
// character count pin the cut) plus the zero-initial syllables.
const SYLLABLES = new Set<string>([
  ...FINALS.filter((f) => !/^[iuv]/.test(f)),
  ...INITIALS.flatMap((i) => FINALS.map((f) => i + f)),
  'm',
  'n',
  'ng',
  'hm',
  'hng',
]);
const LONGEST = 6;

/** The pinyin cut into `count` syllables, each starting with its letter of `initials` (if given). */
export function syllables(pinyin: string, count: number, initials = ''): string[] | null {
  const useInitials = initials.length === count;
  const cut = (rest: string, n: number): string[] | null => {
    if (!rest) return n === 0 ? [] : null;
    if (n === 0) return null;
    const k = count - n;
    for (let len = Math.min(LONGEST, rest.length); len >= 1; len--) {
      const s = rest.slice(0, len);
      if (!SYLLABLES.has(s)) continue;
      if (useInitials && s[0] !== initials[k]) continue;
      const tail = cut(rest.slice(len), n - 1);
      if (tail) return [s, ...tail];
    }
    return null;
  };
  return cut(pinyin, count);
}

/** Syllables as one capitalised word: ["xi","an"] → "Xi'an", v → ü. */
export function pinyinWord(parts: string[]): string {
  const word = parts
    .map((p, i) => (i > 0 && /^[aoe]/.test(p) ? `'${p}` : p))
    .join('')
    .replace(/v/g, 'ü');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Conventional English names that are not the pinyin (a city, or a whole station name). */
export const EXONYMS: Readonly<Record<string, string>> = {
  哈尔滨: 'Harbin',
  乌鲁木齐: 'Urumqi',
  呼和浩特: 'Hohhot',
  拉萨: 'Lhasa',
  喀什: 'Kashgar',
  香港: 'Hong Kong',
  香港西九龙: 'Hong Kong West Kowloon',
  澳门: 'Macau',
};

const DIRECTIONS: Readonly<Record<string, string>> = { 东: 'East', 南: 'South', 西: 'West', 北: 'North' };

export interface StationSpelling {
  name: string;
  pinyin: string;
  initials: string;
  city: string;
}

/** A station's English name (the rule above). */
export function englishStationName(
  { name, pinyin, initials, city }: StationSpelling,
  station?: (name: string) => StationSpelling | undefined,
): string {
  const chars = [...name];
  const p = pinyin.toLowerCase().replace(/[^a-z]/g, '');
  if (EXONYMS[name]) return EXONYMS[name];
  const parts = syllables(p, chars.length, initials.toLowerCase()) ?? syllables(p, chars.length);
  if (!parts) return p ? p.charAt(0).toUpperCase() + p.slice(1) : name;
  const cityLen = [...city].length;
  if (city && city !== name && name.startsWith(city) && cityLen < chars.length) {
    const head = EXONYMS[city] ?? pinyinWord(parts.slice(0, cityLen));
    const rest = chars.slice(cityLen).join('');
    return `${head} ${DIRECTIONS[rest] ?? pinyinWord(parts.slice(cityLen))}`;
  }
  const direction = DIRECTIONS[chars[chars.length - 1]!];
  const base = direction && chars.length > 2 ? station?.(chars.slice(0, -1).join('')) : undefined;
  if (base) return `${englishStationName(base)} ${direction}`;
  return pinyinWord(parts);
}

/** A city's English name: the English of its station of the same name, else the city part of one of its stations. */
export function englishCityName(city: string, stations: readonly StationSpelling[]): string | null {
  if (EXONYMS[city]) return EXONYMS[city];
  const same = stations.find((s) => s.name === city);
  if (same) return englishStationName(same);
  const n = [...city].length;
  for (const s of stations) {
    if (!s.name.startsWith(city)) continue;
    const p = s.pinyin.toLowerCase();
    const parts = syllables(p, [...s.name].length, s.initials.toLowerCase()) ?? syllables(p, [...s.name].length);
    if (parts) return pinyinWord(parts.slice(0, n));
  }
  return null;
}

/** The form autocomplete compares: lower case, no apostrophes, ü as u, single spaces. */
export const englishKey = (s: string): string =>
  s.toLowerCase().replace(/['’]/g, '').replace(/ü/g, 'u').replace(/\s+/g, ' ').trim();

/**
 * messages/en-texts/stations.json: every station name and every city name → its English, sorted
 * (written by scripts/i18n-stations.ts; a unit test checks the committed file equals this).
 */
export function stationTexts(stations: readonly StationSpelling[]): Record<string, string> {
  const out = new Map<string, string>();
  const byCity = new Map<string, StationSpelling[]>();
  const byName = new Map<string, StationSpelling>();
  for (const s of stations) if (!byName.has(s.name)) byName.set(s.name, s);
  for (const s of stations) {
    if (!out.has(s.name))
      out.set(
        s.name,
        englishStationName(s, (n) => byName.get(n)),
      );
    byCity.set(s.city, [...(byCity.get(s.city) ?? []), s]);
  }
  for (const [city, list] of byCity) {
    if (out.has(city)) continue;
    const english = englishCityName(city, list);
    if (english) out.set(city, english);
  }
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
