import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from './redirect';

const ORIGIN = 'http://localhost:3000';

describe('safeCallbackPath', () => {
  it.each([
    '/\\evil.example',
    '/%09/evil.example',
    '/\t/evil.example',
    '/%5Cevil.example',
    '//evil',
    '///evil.example',
    '/%2F/evil.example',
    'https://evil',
    'http://localhost:3000.evil.example/trips',
    'https://localhost:3000/trips',
    'javascript:alert(1)',
    'evil.example',
    '\n//evil.example',
    '/%E0%A4%A',
    '',
    42,
    undefined,
  ])('refuses %j', (raw) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe('/');
  });

  it.each([
    ['/', '/'],
    ['/trips', '/trips'],
    ['/trips/abc?tab=tickets#t1', '/trips/abc?tab=tickets#t1'],
    ['/search?from=%E5%8C%97%E4%BA%AC&to=SHH', '/search?from=%E5%8C%97%E4%BA%AC&to=SHH'],
    ['http://localhost:3000/admin', '/admin'],
    ['/a/../admin', '/admin'],
  ])('keeps %j on the site', (raw, expected) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe(expected);
  });

  it('uses the given fallback', () => {
    expect(safeCallbackPath('//evil', ORIGIN, '/trips')).toBe('/trips');
  });
});

describe('safeCallbackPath is idempotent', () => {
  it('refuses a value the URL parser normalises into another host (`/.//evil.example`)', () => {
    expect(safeCallbackPath('/.//evil.example', ORIGIN)).toBe('/');
    expect(safeCallbackPath('/a/..//evil.example', ORIGIN)).toBe('/');
    expect(safeCallbackPath('/%2e//evil.example', ORIGIN)).toBe('/');
  });

  // Pieces that matter to URL parsing: slashes, dots, backslashes, encodings, hosts, control characters.
  const piece = fc.constantFrom(
    '/',
    '//',
    '.',
    '..',
    '\\',
    '%2F',
    '%2f',
    '%5C',
    '%2e',
    '%2E',
    '%00',
    '%',
    '%25',
    '%252F',
    'evil.example',
    'localhost:3000',
    'http:',
    'https:',
    'javascript:',
    '@',
    '?',
    '#',
    '&',
    '=',
    '\t',
    '\n',
    ' ',
    'trips',
    'a',
    '北京',
    '%E5%8C%97',
    ':',
    ';',
    '~',
  );
  const input = fc.oneof(
    fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
    fc.array(piece, { maxLength: 6 }).map((p) => `/${p.join('')}`),
    fc.array(piece, { maxLength: 6 }).map((p) => `${ORIGIN}/${p.join('')}`),
    fc.string({ maxLength: 40 }),
  );

  it('safe(safe(x)) === safe(x), and the output is always accepted unchanged and on the site', () => {
    fc.assert(
      fc.property(input, (raw) => {
        const once = safeCallbackPath(raw, ORIGIN);
        expect(safeCallbackPath(once, ORIGIN)).toBe(once);
        expect(once.startsWith('/')).toBe(true);
        expect(once.startsWith('//')).toBe(false);
        expect(new URL(once, ORIGIN).origin).toBe(ORIGIN);
        // A value that is refused falls back; one that is accepted is its own normalisation.
        if (once !== '/') expect(safeCallbackPath(once, ORIGIN, '/fallback')).toBe(once);
      }),
      { numRuns: 5000 },
    );
  });
});
