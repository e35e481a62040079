/**
 * Every CSV download goes through `toCsv` (csv-stringify): a cell a spreadsheet would run as a formula
 * (one starting with = + - @, a tab or a carriage return, e.g. a customer named `=HYPERLINK(…)`) is
 * written with a leading apostrophe, so Excel, LibreOffice and Sheets show it as text (OWASP "CSV
 * injection"). Plain numbers such as "-12.50" stay numbers: a number is not a formula.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;

/** The cell as a spreadsheet will show it: text, never a formula. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Rows to CSV text (RFC 4180 quoting by csv-stringify), every text cell neutralised. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((r) => [...r]),
    { cast: { string: neutraliseCell } },
  );
}
