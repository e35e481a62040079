/**
 * The sandbox catalogue: pure railway data and rules (stations, the 2024-06-15 timetable projected
 * onto today's calendar, search, stop lists, distances, fares, consists). No DB, no HTTP; the only
 * I/O is reading `data/railway/` once. See each module's doc:
 *   calendar.ts — running-date patterns and the projection rule (CALENDAR_PROJECTION);
 *   network.ts  — loadNetwork, searchTrains, getStops, listStations, resolvePlace, consistFor, faresFor;
 *   distance.ts — track distances; fares.ts — fare formulas; consist.ts — carriages and seats.
 */
export * from './calendar';
export * from './classes';
export * from './consist';
export * from './data';
export * from './distance';
export * from './fares';
export * from './network';
