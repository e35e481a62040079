import { describe, expect, it } from 'vitest';
import { reconReason, reconState } from '@/db/schema';
import { canMoveDiscrepancy, RECON_REASONS, RECON_STATES, RECON_TRANSITIONS } from './recon';

describe('discrepancy states', () => {
  it('allows open → explained → resolved and open → resolved only', () => {
    expect(canMoveDiscrepancy('open', 'explained')).toBe(true);
    expect(canMoveDiscrepancy('open', 'resolved')).toBe(true);
    expect(canMoveDiscrepancy('explained', 'resolved')).toBe(true);
    expect(canMoveDiscrepancy('explained', 'open')).toBe(false);
    expect(canMoveDiscrepancy('resolved', 'open')).toBe(false);
    expect(canMoveDiscrepancy('resolved', 'explained')).toBe(false);
    expect(canMoveDiscrepancy('open', 'open')).toBe(false);
  });

  it('is acyclic', () => {
    for (const start of RECON_STATES) {
      const stack = [...RECON_TRANSITIONS[start]];
      const seen = new Set<string>();
      while (stack.length) {
        const s = stack.pop()!;
        expect(s).not.toBe(start);
        if (seen.has(s)) continue;
        seen.add(s);
        stack.push(...RECON_TRANSITIONS[s]);
      }
    }
  });
});

describe('the reasons and states the database accepts', () => {
  it('are the domain lists (db/ keeps its own copy: it imports nothing from lib/)', () => {
    expect(reconReason.enumValues).toEqual([...RECON_REASONS]);
    expect(reconState.enumValues).toEqual([...RECON_STATES]);
  });
});
