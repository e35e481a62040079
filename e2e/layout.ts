/**
 * Layout checks for the journeys: no two controls of a dialog (or any region) overlap, so a list
 * spilling over a seat map, or a radio under a seat, fails a test instead of reaching a traveller.
 */
import { expect, type Locator } from '@playwright/test';
import { overlappingPairs, type LabelledRect } from '../lib/rects';

/** What counts as a control: everything a traveller clicks, types into or picks. */
export const INTERACTIVE = 'button, a[href], input, select, textarea, [role=radio], [role=checkbox], [role=option]';

/**
 * The boxes of the visible controls inside `scope`. A control inside a scrolling area of the scope
 * counts only with the part that area shows (a list scrolled past does not cover what follows it);
 * the scope's own scrolling does not hide anything, so a dialog's controls are all compared, the
 * ones below its fold too.
 */
export async function controlBoxes(scope: Locator, selector = INTERACTIVE): Promise<LabelledRect[]> {
  return scope.evaluate((root, sel) => {
    const clipsItsContent = (el: Element) => {
      const s = getComputedStyle(el);
      return s.overflowX !== 'visible' || s.overflowY !== 'visible';
    };
    const shown = (el: Element) => {
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none' && el.getClientRects().length > 0;
    };
    const labelOf = (el: Element) => {
      const name =
        el.getAttribute('aria-label') ??
        (el as HTMLInputElement).labels?.[0]?.textContent ??
        el.textContent ??
        (el as HTMLInputElement).value ??
        '';
      const type = el.getAttribute('type');
      return `<${el.tagName.toLowerCase()}${type ? ` type=${type}` : ''}> "${name.replace(/\s+/g, ' ').trim().slice(0, 60)}"`;
    };
    const els = [...root.querySelectorAll(sel)].filter(shown);
    const out: { label: string; x: number; y: number; width: number; height: number; inside: number[] }[] = [];
    const kept: Element[] = [];
    for (const el of els) {
      const r = el.getBoundingClientRect();
      let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
      for (let a = el.parentElement; a && a !== root; a = a.parentElement) {
        if (!clipsItsContent(a)) continue;
        const c = a.getBoundingClientRect();
        [left, top, right, bottom] = [
          Math.max(left, c.left),
          Math.max(top, c.top),
          Math.min(right, c.right),
          Math.min(bottom, c.bottom),
        ];
      }
      if (right - left <= 0 || bottom - top <= 0) continue; // scrolled out of view, or an empty box
      kept.push(el);
      out.push({ label: labelOf(el), x: left, y: top, width: right - left, height: bottom - top, inside: [] });
    }
    kept.forEach((el, i) => {
      out[i]!.inside = kept.flatMap((other, j) => (j !== i && other.contains(el) ? [j] : []));
    });
    return out;
  }, selector);
}

/** Fails when any two visible controls inside `scope` overlap by more than `tolerance` px both ways. */
export async function expectNoOverlap(scope: Locator, tolerance = 1) {
  const boxes = await controlBoxes(scope);
  expect(boxes.length, 'controls to compare').toBeGreaterThan(0);
  const pairs = overlappingPairs(boxes, tolerance).map(
    ([a, b]) =>
      `${a.label} @${Math.round(a.x)},${Math.round(a.y)} ${Math.round(a.width)}×${Math.round(a.height)} overlaps ` +
      `${b.label} @${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`,
  );
  expect(pairs, 'overlapping controls').toEqual([]);
}
