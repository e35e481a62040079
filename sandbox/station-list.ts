/**
 * The station list the sandbox serves (Panhe 站点 list, panhe-train-api.md l.66-74; Juhe cityCode all=1,
 * juhe-train-api.md §1) is the catalogue's whole station.csv. A control call can withhold some stations
 * from it (POST /sandbox/stations { withhold: [names] }, DELETE to restore), so a client's sync can be
 * tested against a list that changed. Held in this process only (a test's in-process sandbox); search
 * and booking still know every station.
 */
const withheld = new Set<string>();

/** Replaces the withheld names (an empty list restores the whole list); answers them. */
export function withholdStations(names: readonly string[]): string[] {
  withheld.clear();
  for (const n of names) withheld.add(n);
  return [...withheld];
}

export const listedStations = <T extends { stationName: string }>(rows: T[]): T[] =>
  withheld.size ? rows.filter((r) => !withheld.has(r.stationName)) : rows;
