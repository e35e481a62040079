/** The fuzz run's generator and manifest reader (tests/support/fuzz.ts), without a build. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deepJson,
  fillPath,
  fuzzActionBody,
  fuzzBody,
  fuzzQuery,
  leaksInternals,
  NoBuildError,
  readTargets,
} from './support/fuzz';

function fakeBuild(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rail-fuzz-'));
  fs.mkdirSync(path.join(dir, '.next', 'server'), { recursive: true });
  for (const [name, v] of Object.entries(files))
    fs.writeFileSync(path.join(dir, '.next', 'server', name), JSON.stringify(v));
  return dir;
}

describe('readTargets', () => {
  it('lists route handlers (not pages) and server actions from the manifests', () => {
    const dir = fakeBuild({
      'app-paths-manifest.json': {
        '/page': 'app/page.js',
        '/api/health/route': 'app/api/health/route.js',
        '/api/orders/[id]/route': 'app/api/orders/[id]/route.js',
        '/(shop)/api/x/route': 'app/(shop)/api/x/route.js',
        '/orders/[id]/page': 'app/orders/[id]/page.js',
      },
      'server-reference-manifest.json': { node: { abc123: { workers: {} }, def456: { workers: {} } }, edge: {} },
    });
    expect(readTargets(dir)).toEqual({
      routes: ['/api/health', '/api/orders/[id]', '/api/x'],
      actions: ['abc123', 'def456'],
    });
  });

  it('fails clearly without a build', () => {
    const dir = fakeBuild({ 'app-paths-manifest.json': {} });
    expect(() => readTargets(dir)).toThrow(NoBuildError);
    expect(() => readTargets(dir)).toThrow(/server-reference-manifest\.json is missing: run `npm run build`/);
  });
});

describe('generated input', () => {
  it('fills every dynamic segment, encoded', () => {
    expect(fillPath('/api/provider/[provider]/callbacks/[kind]', '../x')).toBe('/api/provider/..%2Fx/callbacks/..%2Fx');
    expect(fillPath('/api/a/[...slug]', 'y')).toBe('/api/a/y');
  });

  it('bodies: valid JSON when labelled json, and the huge, deep, broken and empty ones all come up', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(fuzzBody, (b) => {
        kinds.add(b.kind);
        if (b.kind === 'json') expect(() => JSON.parse(b.body) as unknown).not.toThrow();
      }),
      { numRuns: 400, seed: 31 },
    );
    expect([...kinds].sort()).toEqual(['deep', 'empty', 'form', 'huge', 'json', 'not json']);
    expect(deepJson(5000).length).toBe(5000 * 8 + 1);
  });

  it('queries and action bodies are strings a request can carry', () => {
    fc.assert(
      fc.property(fuzzQuery, fuzzActionBody, (q, a) => {
        expect(typeof q).toBe('string');
        expect(typeof a.body).toBe('string');
        expect(() => new URL(`http://x/?${q}`)).not.toThrow();
      }),
      { numRuns: 200, seed: 31 },
    );
  });

  it('leaksInternals finds stack traces, paths and SQL errors, not a clear message', () => {
    expect(leaksInternals('Error: x\n    at handler (/work/app/route.ts:3:1)')).toBe('stack trace');
    expect(leaksInternals('see /app/lib/orders/service.ts')).toBe('source path');
    expect(leaksInternals('insert violates foreign key constraint "x"')).toBe('SQL error');
    expect(leaksInternals('TypeError: cannot read')).toBe('error class');
    expect(leaksInternals('{"error":{"code":"validation","message":"请求参数有误。"}}')).toBeNull();
  });
});
