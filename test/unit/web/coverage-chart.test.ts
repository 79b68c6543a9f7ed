import { expect } from 'chai';
import { coverageChartHeight } from '../../../web/src/official/chart-sizes';

describe('coverage chart height', () => {
  const cases: [areas: number, height: number | null][] = [
    [0, null],
    [1, null],
    [12, null], // a province's districts: upright bars in the card's fixed height
    [13, 70 + 13 * 26],
    [126, 70 + 126 * 26], // Hà Nội's communes: a named row each, the card scrolls
  ];
  for (const [areas, height] of cases) {
    it(`when ${areas} areas are drawn, then the chart is ${height === null ? 'of the card’s height' : `${height} px high`}`, () => {
      expect(coverageChartHeight(areas)).to.equal(height);
    });
  }
  it('when more areas are drawn, then each keeps at least 20 px of its own', () => {
    for (const areas of [13, 50, 126, 600]) {
      const height = coverageChartHeight(areas) as number;
      expect((height - 70) / areas).to.be.at.least(20);
    }
  });
});
