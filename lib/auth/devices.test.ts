import { describe, expect, it } from 'vitest';
import { deviceSummary } from './devices';

describe('deviceSummary', () => {
  it('names the browser and the system, never the whole User-Agent', () => {
    expect(
      deviceSummary(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0',
      ),
    ).toBe('Edge · Windows');
    expect(
      deviceSummary('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15'),
    ).toBe('Safari · macOS');
    expect(deviceSummary('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36')).toBe(
      'Chrome · Android',
    );
    expect(deviceSummary('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe(
      'Firefox · Linux',
    );
    expect(deviceSummary(null)).toBe('未知浏览器 · 未知系统');
  });
});
