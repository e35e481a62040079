/**
 * Benchmark (not a test): the sandbox's timetable network (sandbox/catalogue/network.ts). Times the
 * load and index of the whole 2024-06-15 timetable and 80 searches over busy city pairs (20 dates ×
 * 4 pairs), and writes load time, searches' p50/p99 and results per search to
 * bench/results/network.json. The unit tests check what the network answers; how fast it answers is
 * measured here, not asserted there (a timed assertion fails on a busy machine, not on slow code).
 */
import fs from 'node:fs';
import path from 'node:path';
import { addDays } from '../sandbox/catalogue/calendar';
import { loadNetwork, searchTrains } from '../sandbox/catalogue/network';
import { pct } from './timing';

const ROOT = path.resolve(import.meta.dirname, '..');

const t0 = performance.now();
const net = loadNetwork();
const loadMs = Math.round(performance.now() - t0);
const pairs = [
  ['北京', '上海'],
  ['苏州', '上海'],
  ['广州', '武汉'],
  ['成都', '重庆'],
] as const;
const times: number[] = [];
let results = 0;
for (let i = 0; i < 20; i++)
  for (const [a, b] of pairs) {
    const s = performance.now();
    results += searchTrains(net, a, b, addDays('2026-12-01', i)).length;
    times.push(performance.now() - s);
  }
const out = {
  at: new Date().toISOString(),
  loadMs,
  searches: times.length,
  searchP50Ms: pct(times, 50),
  searchP99Ms: pct(times, 99),
  resultsPerSearch: Math.round(results / times.length),
};
fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'network.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(out);
