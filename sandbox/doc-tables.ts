/**
 * Reads the request tables of the provider documents (`参数名称 | 类型 | 必填 | 说明`): the markdown
 * tables of ../shared/provider-docs/panhe-train-api.md and juhe-train-api.md, in document order, each
 * row as { name, type, required, condition, line }. Response tables (`参数名称 | 类型 | 说明`, three
 * columns) are not request tables and are skipped. Used by the conformance test
 * (sandbox/conformance.int.test.ts), which drives the sandbox from these rows, so a field a document
 * adds is checked without anyone writing a test for it. Pure (no I/O); imports nothing.
 */

export interface DocRow {
  /** The field name (null when the document's row has none: a defect the caller must name). */
  name: string | null;
  /** The type column as written (string, int, bool, date, datetime, decimal, passenger[], List<string> …). */
  type: string;
  /** 必填 是. */
  required: boolean;
  /** "当cardType…时必填" in the description: the card types the field is required for, or null. */
  requiredForCardTypes: number[] | null;
  description: string;
  /** What the 必填 column adds after 是/否 ("(unless `all=1`)", "**(inferred)**"), or "". */
  qualifier: string;
  /** 1-based line in the document. */
  line: number;
}

export interface DocTable {
  /** 1-based line of the header row. */
  line: number;
  /** The nearest heading above the table ("## 3. 提交订单 — `submit`"), or "" (panhe-train-api.md has none). */
  heading: string;
  /** The endpoint the heading names in backticks (`submit`), or null. */
  endpoint: string | null;
  rows: DocRow[];
  /** Rows that refer to a shared table ("key, dtype | | | common"). */
  common: string[];
}

const REQUEST_HEADER = /^参数名称\s*\|\s*类型\s*\|\s*必填\s*\|\s*说明/;
const SEPARATOR = /^-{3}\|/;
/** Every card type of the documents' 证件类型 enum (身份证 1 … 港澳台居民居住证 9). */
export const DOC_CARD_TYPES = [1, 2, 3, 4, 8, 9] as const;

/**
 * The card types a "当cardType…时必填" condition names: "当cardType = 2,3,4,8时必填", "当cardType为3和4时
 * 必填", "当cardType等于2和8时必填", and the complement "当cardType非1和9时必填". Null without a condition.
 */
export function conditionCardTypes(description: string): number[] | null {
  const m = /当cardType\s*(非|=|为|等于)?\s*([\d,，和、\s]+)时必填/.exec(description);
  if (!m) return null;
  const listed = (m[2]!.match(/\d+/g) ?? []).map(Number);
  return m[1] === '非' ? DOC_CARD_TYPES.filter((c) => !listed.includes(c)) : listed;
}

function cells(line: string): string[] {
  const parts = line.split('|').map((c) => c.trim());
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

/** The request tables of a document, in order. */
export function requestTables(markdown: string): DocTable[] {
  const lines = markdown.split(/\r?\n/);
  const tables: DocTable[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    if (/^#{1,4}\s/.test(lines[i]!)) heading = lines[i]!.replace(/^#+\s*/, '').trim();
    if (!REQUEST_HEADER.test(lines[i]!.trim())) continue;
    const endpoint = /`([\w./]+)`/.exec(heading)?.[1] ?? null;
    const table: DocTable = { line: i + 1, heading, endpoint, rows: [], common: [] };
    tables.push(table);
    let j = i + 1;
    if (SEPARATOR.test(lines[j]?.trim() ?? '')) j++;
    for (; j < lines.length; j++) {
      const text = lines[j]!.trim();
      if (REQUEST_HEADER.test(text) || /^参数名称\s*\|/.test(text) || SEPARATOR.test(text)) break;
      const c = cells(text);
      if (c.length < 4) break;
      // "key, dtype | | | common": the shared parameters of the document's common table.
      if (!c[1] && !c[2] && /common/i.test(c[3] ?? '')) {
        table.common.push(...c[0]!.split(',').map((x) => x.trim()));
        continue;
      }
      // A row whose name cell is missing ("string | 是 | 邮箱(…) | |"): the type sits in the name column.
      const shifted = /^(是|否)$/.test(c[1]!);
      const [name, type, must, description] = shifted ? [null, c[0]!, c[1]!, c[2] ?? ''] : [c[0]!, c[1]!, c[2]!, c[3]!];
      const flag = /^(是|否)\s*(.*)$/.exec(must);
      if (!flag) break;
      table.rows.push({
        name: name || null,
        type,
        required: flag[1] === '是',
        qualifier: flag[2]!.trim(),
        requiredForCardTypes: conditionCardTypes(description),
        description,
        line: j + 1,
      });
    }
    i = j - 1;
  }
  return tables;
}
