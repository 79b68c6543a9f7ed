// How tall a chart is drawn: pure, so that it is tested without a browser.

/** Up to this many areas the bars stand upright; more lie down, one labelled row per area. */
const UPRIGHT_MAX = 12;
/** Height of one area's row when the bars lie down: its two bars and a readable name (px). */
const ROW_PX = 26;
/** The axis and the legend around the rows (px). */
const FRAME_PX = 70;

/**
 * The height the coverage chart needs (px), or null for the card's fixed height. Why: at a
 * province's 126 communes the bars shared 18rem, 2 px each, and Chart.js skipped most names; every
 * area now gets a row of its own and the card scrolls.
 */
export function coverageChartHeight(areas: number): number | null {
  return areas > UPRIGHT_MAX ? FRAME_PX + areas * ROW_PX : null;
}
