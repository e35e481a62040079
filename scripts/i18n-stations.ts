/**
 * Writes messages/en-texts/stations.json (station and city names → English) from the bundled
 * station list, by the rule in lib/stations/english.ts. Run after updating data/railway/station.csv:
 *   npx tsx scripts/i18n-stations.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseStationCsv } from '@/lib/stations';
import { stationTexts } from '@/lib/stations/english';

const root = process.cwd();
const csv = fs.readFileSync(path.join(root, 'data', 'railway', 'station.csv'), 'utf8');
const out = path.join(root, 'messages', 'en-texts', 'stations.json');
const texts = stationTexts(parseStationCsv(csv));
fs.writeFileSync(out, `${JSON.stringify(texts, null, 2)}\n`);
console.log(`${Object.keys(texts).length} names → ${path.relative(root, out)}`);
