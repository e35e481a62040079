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
