/**
 * The fuzz run's parts that need no build (e2e/fuzz.spec.ts runs them against the started stack):
 * the targets read from the build's manifests — every route handler (`.next/server/app-paths-manifest.json`,
 * entries ending in `/route`) and every server action (`.next/server/server-reference-manifest.json`,
 * its `node` ids) — and the generated bad input (fast-check): hostile strings, huge and deep bodies,
 * wrong types, missing fields.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';

export interface FuzzTargets {
  /** URL paths of route handlers, dynamic segments as written (`/api/orders/[id]`). */
  routes: string[];
  /** Server action ids. */
  actions: string[];
}

export class NoBuildError extends Error {}

/** The targets of the build in `dir` (the app's root); throws NoBuildError naming the missing file. */
export function readTargets(dir: string): FuzzTargets {
  const server = path.join(dir, '.next', 'server');
  const appPaths = path.join(server, 'app-paths-manifest.json');
  const actionsFile = path.join(server, 'server-reference-manifest.json');
  for (const f of [appPaths, actionsFile])
    if (!fs.existsSync(f)) throw new NoBuildError(`${f} is missing: run \`npm run build\` before the fuzz run`);
  const pages = JSON.parse(fs.readFileSync(appPaths, 'utf8')) as Record<string, string>;
  const routes = Object.keys(pages)
    .filter((k) => k.endsWith('/route'))
    .map((k) => k.slice(0, -'/route'.length).replace(/\/\([^/)]+\)/g, '') || '/')
    .sort();
  const refs = JSON.parse(fs.readFileSync(actionsFile, 'utf8')) as { node?: Record<string, unknown> };
  const actions = Object.keys(refs.node ?? {}).sort();
  return { routes, actions };
}

/** encodeURIComponent that turns lone surrogates into U+FFFD instead of throwing. */
export function encode(s: string): string {
  return encodeURIComponent(
    s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
}

/** `/api/orders/[id]` with each dynamic segment replaced by `value` (URL-encoded). */
export function fillPath(route: string, value: string): string {
  return route.replace(/\[\[?\.{0,3}[^\]]+\]?\]/g, encode(value));
}

/** Strings that have broken parsers, queries and renderers elsewhere. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  "' or 1=1 --",
  '"; drop table orders; --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\uFFFF\uD800',
  '𠮷野家🚄',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(40),
  '00000000-0000-0000-0000-000000000000',
  'null',
  'undefined',
  '{"__proto__":{"admin":true}}',
  '${7*7}{{7*7}}',
  'a'.repeat(10_000),
];

/** JSON text nested `2 × pairs` levels deep (an array in an object in an array…), built as text. */
export function deepJson(pairs: number): string {
  return `${'{"k":['.repeat(pairs)}1${']}'.repeat(pairs)}`;
}

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
);
const wrongScalar = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(-0),
  fc.bigInt().map((b) => b.toString()),
);

/** A JSON-able value of any shape: wrong types, missing and extra fields. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, wrongScalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(
    fc.oneof(hostileString, fc.constantFrom('id', 'orderId', 'passengers', 'date', '__proto__')),
    tie('value'),
    {
      maxKeys: 6,
    },
  ),
})).value;

export interface FuzzBody {
  /** What the case is, for the failure message. */
  kind: string;
  contentType: string;
  body: string;
}

/** Request bodies: generated JSON, plus the fixed nasty ones (huge, deep, not JSON, empty). */
export const fuzzBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  {
    weight: 6,
    arbitrary: anyJson.map((v) => ({
      kind: 'json',
      contentType: 'application/json',
      body: JSON.stringify(v) ?? 'null',
    })),
  },
  fc.constant({
    kind: 'huge',
    contentType: 'application/json',
    body: JSON.stringify({ a: 'x'.repeat(3 * 1024 * 1024) }),
  }),
  fc.constant({ kind: 'deep', contentType: 'application/json', body: deepJson(5000) }),
  fc.constant({ kind: 'not json', contentType: 'application/json', body: '{"a":' }),
  fc.constant({ kind: 'empty', contentType: 'application/json', body: '' }),
  hostileString.map((s) => ({
    kind: 'form',
    contentType: 'application/x-www-form-urlencoded',
    body: `a=${encode(s)}`,
  })),
);

/** A query string of hostile values under likely and random names. */
export const fuzzQuery: fc.Arbitrary<string> = fc
  .dictionary(
    fc.oneof(fc.constantFrom('id', 'from', 'to', 'date', 'page', 'status', 'q'), fc.string({ maxLength: 10 })),
    hostileString,
    { maxKeys: 5 },
  )
  .map((o) => new URLSearchParams(o).toString());

/** A server action's body (the React flight encoding is a JSON array of arguments): any value instead. */
export const fuzzActionBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  anyJson.map((v) => ({ kind: 'args', contentType: 'text/plain;charset=UTF-8', body: JSON.stringify([v]) })),
  anyJson.map((v) => ({ kind: 'not args', contentType: 'text/plain;charset=UTF-8', body: JSON.stringify(v) ?? '' })),
  fuzzBody,
);

/** Whether a response body shows internals (a stack trace, a source path, a raw SQL error). */
export function leaksInternals(body: string): string | null {
  const patterns: [string, RegExp][] = [
    ['stack trace', /\n\s+at [\w.<>]+ \(|\bat async\b/],
    ['source path', /\/(work|home|app|src)\/[\w./-]+\.(ts|js|tsx)\b/],
    [
      'SQL error',
      /\b(syntax error at or near|violates (foreign key|unique|check) constraint|relation "[^"]+" does not exist)\b/,
    ],
    ['error class', /\b(TypeError|ReferenceError|RangeError|ZodError|PostgresError):/],
  ];
  for (const [name, re] of patterns) if (re.test(body)) return name;
  return null;
}
