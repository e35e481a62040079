/**
 * Rectangle arithmetic for layout checks (e2e/layout.ts `expectNoOverlap`): pure, so the rule that
 * decides whether two controls overlap is unit-tested apart from a browser.
 */

/** A box in CSS pixels, as getBoundingClientRect gives it. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The rectangle two boxes share, or null when they share no area (touching edges share none). */
export function intersect(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  if (right <= x || bottom <= y) return null;
  return { x, y, width: right - x, height: bottom - y };
}

/**
 * Whether two boxes overlap by more than `tolerance` px in both directions: a shared sliver of a
 * pixel or less (sub-pixel rounding, a border drawn on a border) is not an overlap.
 */
export function overlaps(a: Rect, b: Rect, tolerance = 1): boolean {
  const i = intersect(a, b);
  return !!i && i.width > tolerance && i.height > tolerance;
}

/** A control's box with what names it in a failure, and the controls it sits inside (by index). */
export interface LabelledRect extends Rect {
  label: string;
  /** Indices (in the same list) of the controls that contain this one: a nested pair is no overlap. */
  inside?: number[];
}

/** Every pair of boxes that overlap by more than `tolerance` px, nested controls aside. */
export function overlappingPairs<T extends LabelledRect>(boxes: T[], tolerance = 1): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.inside?.includes(j) || b.inside?.includes(i)) continue;
      if (overlaps(a, b, tolerance)) out.push([a, b]);
    }
  return out;
}
