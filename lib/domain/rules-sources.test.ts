/**
 * The rules table quotes its documents (issue 26: "a rules table lists every rule with its document and
 * line"). A source that names a document and a line and quotes it in "…" must quote what that document
 * says there: each fragment of the quote (split at "…") is found within three lines of the cited line
 * (or of any line of a cited range l.A-B / l.A/B/C). A quote that drifts from its document, or a line
 * number that points elsewhere, fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_TABLE, type RuleVersion } from './rules';

const SHARED = path.resolve(import.meta.dirname, '../../../shared');
const DOCS: Record<string, string> = {
  'panhe-train-api.md': 'provider-docs/panhe-train-api.md',
  'juhe-train-api.md': 'provider-docs/juhe-train-api.md',
  'juhe-train-booking-faq.md': 'provider-docs/juhe-train-booking-faq.md',
  'juhe-grab-ticket-dictionary.md': 'provider-docs/juhe-grab-ticket-dictionary.md',
  'ticket-delivery-cancellation.md': 'provider-docs/ticket-delivery-cancellation.md',
  'DOMAIN_NOTES.md': 'DOMAIN_NOTES.md',
  DOMAIN_NOTES: 'DOMAIN_NOTES.md',
};

const lines = new Map<string, string[]>();
function docLines(doc: string): string[] {
  if (!lines.has(doc)) lines.set(doc, fs.readFileSync(path.join(SHARED, DOCS[doc]!), 'utf8').split('\n'));
  return lines.get(doc)!;
}

export interface Citation {
  doc: string;
  lines: number[];
  quote: string;
}

/** Citations of a source text: `<doc> … l.N[-M|/K…] … "quote"` (the quote closest after the line). */
export function citationsOf(source: string): Citation[] {
  const out: Citation[] = [];
  const re =
    /(panhe-train-api\.md|juhe-train-api\.md|juhe-train-booking-faq\.md|juhe-grab-ticket-dictionary\.md|ticket-delivery-cancellation\.md|DOMAIN_NOTES(?:\.md)?)([^"]*?)l\.(\d+(?:[-/]\d+)*)[^"]*?"([^"]+)"/g;
  for (const m of source.matchAll(re)) {
    const nums = m[3]!.split('/').flatMap((piece) => {
      const [a, b = a] = piece.split('-').map(Number) as [number, number?];
      return Array.from({ length: b - a + 1 }, (_, i) => a + i);
    });
    out.push({ doc: m[1]!, lines: nums, quote: m[4]! });
  }
  // Further quotes of the same clause (`l.303/305/306 "…"`, then `l.304 "…"`) are matched on their own.
  return out;
}

function quotedNear(c: Citation): string[] {
  const text = docLines(c.doc);
  const window = new Set<number>();
  for (const n of c.lines) for (let i = n - 3; i <= n + 3; i++) if (i >= 1 && i <= text.length) window.add(i);
  // A quote may run over a line break of the document: whitespace is compared collapsed.
  const flat = (t: string) => t.replace(/\s+/g, ' ');
  const near = flat([...window].map((i) => text[i - 1]!).join('\n'));
  return c.quote
    .split('…')
    .map((f) => flat(f.trim()))
    .filter((f) => f.length > 0 && !near.includes(f));
}

describe('the rules table quotes its documents', () => {
  const cited = (Object.entries(RULE_TABLE) as [string, readonly RuleVersion<unknown>[]][]).flatMap(([key, vs]) =>
    vs.flatMap((v) => citationsOf(v.source).map((c) => ({ key, ...c }))),
  );

  it('finds the citations (the table cites documents by line)', () => {
    expect(cited.length).toBeGreaterThanOrEqual(5);
  });

  it.each(cited.map((c) => [`${c.key}: ${c.doc} l.${c.lines.join('/')}`, c] as const))('%s', (_, c) => {
    expect(quotedNear(c), `${c.doc} l.${c.lines.join('/')} does not say "${c.quote}"`).toEqual([]);
  });

  it('a misquote or a wrong line is caught', () => {
    expect(quotedNear({ doc: 'panhe-train-api.md', lines: [103], quote: '当cardType = 2,3,4,8时必填' })).toEqual([]);
    expect(quotedNear({ doc: 'panhe-train-api.md', lines: [103], quote: '当cardType = 1时必填' })).toHaveLength(1);
    expect(quotedNear({ doc: 'panhe-train-api.md', lines: [20], quote: '当cardType = 2,3,4,8时必填' })).toHaveLength(1);
  });
});
