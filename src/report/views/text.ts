// Small text helpers shared by the markup views.

/**
 * Kept as a name for views written before sanitize.ts: the same function as htmlText (controls and bidi
 * controls removed, the five XML specials as entities). New code imports from '../sanitize.ts'.
 */
export { htmlText as escapeXml } from '../sanitize.ts';

/** A regime as compact JSON (numbers at full precision, so it replays exactly). */
export function regimeText(regime: unknown): string {
  return JSON.stringify(regime);
}
