/**
 * The portal's station directory for autocomplete, read from the project's copy of 12306's station
 * list (data/railway/station.csv). Matches 汉字, full pinyin, initials, telecode and the English name
 * ("beijing south", "Shanghai Hongqiao", "xian": lib/stations/english.ts has the rule); a city name also
 * offers the city as a whole (the provider's search treats a city name as all its stations).
 */
import fs from 'node:fs';
import path from 'node:path';
import { englishCityName, englishKey, englishStationName } from './english';

export interface Station {
  name: string;
  telecode: string;
  pinyin: string;
  initials: string;
  city: string;
}

export interface StationOption {
  /** What goes into the provider search (a station name, or a city name meaning all its stations). */
  value: string;
  label: string;
  telecode: string | null;
  kind: 'station' | 'city';
  city: string;
  /** The English name of the station or city (the value stays Chinese). */
  english: string;
  /** The English of the city. */
  cityEnglish: string;
  stationCount?: number;
}

/** A searchable station list: the bundled one, or the bundled one merged with the providers' (provider-list.ts). */
export interface StationDirectory {
  stations: Station[];
  byCity: Map<string, Station[]>;
  pinyinRank: Map<Station, number>;
  byName: Map<string, Station>;
  /** English names, and their search form (englishKey). */
  english: Map<Station, string>;
  englishKeys: Map<Station, string>;
  cityEnglish: Map<string, string>;
}

let cache: StationDirectory | undefined;

export function parseStationCsv(text: string): Station[] {
  const out: Station[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!raw.trim()) continue;
    const [, name, telecode, pinyin, initials, , , city] = raw.split(',');
    if (!name || !telecode) continue;
    out.push({ name, telecode, pinyin: pinyin ?? '', initials: initials ?? '', city: city || name });
  }
  return out;
}

export function buildDirectory(stations: Station[]): StationDirectory {
  const byCity = new Map<string, Station[]>();
  const byName = new Map<string, Station>();
  for (const s of stations) {
    const list = byCity.get(s.city) ?? [];
    list.push(s);
    byCity.set(s.city, list);
    if (!byName.has(s.name)) byName.set(s.name, s);
  }
  // Pinyin order, computed once: localeCompare inside every query's sort cost up to ~10 ms per query.
  const pinyinRank = new Map(
    [...stations].sort((a, b) => a.pinyin.localeCompare(b.pinyin)).map((s, i) => [s, i] as const),
  );
  const english = new Map(stations.map((s) => [s, englishStationName(s, (n) => byName.get(n))] as const));
  const englishKeys = new Map([...english].map(([s, e]) => [s, englishKey(e)] as const));
  const cityEnglish = new Map(
    [...byCity].map(([city, list]) => [city, englishCityName(city, list) ?? list[0]!.pinyin] as const),
  );
  return { stations, byCity, pinyinRank, byName, english, englishKeys, cityEnglish };
}

/** The bundled list (data/railway/station.csv): the fallback wherever a provider's synced list is missing. */
export function bundledDirectory(): StationDirectory {
  cache ??= buildDirectory(
    parseStationCsv(fs.readFileSync(path.join(process.cwd(), 'data', 'railway', 'station.csv'), 'utf8')),
  );
  return cache;
}
const load = bundledDirectory;

export function allStations(): Station[] {
  return load().stations;
}

export function findStation(name: string): Station | undefined {
  return load().byName.get(name);
}

/** The city (12306's station-list city column) of a station name, or null for an unknown name. */
export function cityOfStation(name: string): string | null {
  return findStation(name)?.city ?? null;
}

/** The stations of a city, in the list's order (empty for an unknown city). */
export function stationsOfCity(city: string): string[] {
  return (load().byCity.get(city) ?? []).map((s) => s.name);
}

/** True for a known station name or a known city name. */
export function isKnownPlace(name: string): boolean {
  const { byName, byCity } = load();
  return byCity.has(name) || byName.has(name);
}

function rank(s: Station, q: string, qLower: string, qUpper: string, en: string, qEn: string): number {
  if (s.name === q || s.telecode === qUpper || s.pinyin === qLower || s.initials === qLower || en === qEn) return 0;
  if (s.name.startsWith(q)) return 1;
  if (s.initials.startsWith(qLower)) return 2;
  if (s.pinyin.startsWith(qLower) || en.startsWith(qEn)) return 3;
  if (s.telecode.startsWith(qUpper) && q.length >= 2) return 4;
  if (s.name.includes(q) || (qEn.length >= 3 && en.includes(` ${qEn}`))) return 5;
  return -1;
}

export function searchStations(query: string, limit = 10, dir: StationDirectory = load()): StationOption[] {
  const q = query.trim();
  if (!q) return [];
  const qLower = q.toLowerCase();
  const qUpper = q.toUpperCase();
  const qEn = englishKey(q);
  const { stations, byCity, pinyinRank, english, englishKeys, cityEnglish } = dir;
  const hits: { s: Station; r: number }[] = [];
  for (const s of stations) {
    const r = rank(s, q, qLower, qUpper, englishKeys.get(s)!, qEn);
    if (r >= 0) hits.push({ s, r });
  }
  hits.sort((a, b) => a.r - b.r || a.s.name.length - b.s.name.length || pinyinRank.get(a.s)! - pinyinRank.get(b.s)!);

  const options: StationOption[] = [];
  const citiesOffered = new Set<string>();
  for (const { s } of hits) {
    const cityStations = byCity.get(s.city) ?? [];
    // Offer the whole city first when the query names it and it has more than one station.
    const cityEn = cityEnglish.get(s.city) ?? s.city;
    const namesCity = s.city.startsWith(q) || s.name === s.city || englishKey(cityEn).startsWith(qEn);
    if (cityStations.length > 1 && !citiesOffered.has(s.city) && namesCity) {
      citiesOffered.add(s.city);
      options.push({
        value: s.city,
        label: `${s.city}（全部 ${cityStations.length} 个车站）`,
        telecode: null,
        kind: 'city',
        city: s.city,
        english: cityEn,
        cityEnglish: cityEn,
        stationCount: cityStations.length,
      });
    }
    options.push({
      value: s.name,
      label: s.name,
      telecode: s.telecode,
      kind: 'station',
      city: s.city,
      english: english.get(s)!,
      cityEnglish: cityEn,
    });
    if (options.length >= limit) break;
  }
  return options.slice(0, limit);
}

/**
 * The Chinese name of a place typed in English (a station's English name or a city's, any case,
 * apostrophes optional: "beijing south" → 北京南, "Xian" → 西安), or the text itself: an English
 * visitor who submits without picking from the list still searches the station the provider knows.
 */
export function placeFromEnglish(text: string, dir: StationDirectory = load()): string {
  const key = englishKey(text);
  if (!key || !/^[a-z' ]+$/.test(key)) return text;
  for (const [city, english] of dir.cityEnglish)
    if ((dir.byCity.get(city)?.length ?? 0) > 1 && englishKey(english) === key) return city;
  for (const s of dir.stations) if (dir.englishKeys.get(s) === key) return s.name;
  return text;
}
