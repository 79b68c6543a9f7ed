import { expect } from 'chai';
import { installerEn } from '../../../web/src/installer/words-en';
import { installerVi } from '../../../web/src/installer/words-vi';

// The sync bar's count: a refused item is not sent, so "Đã gửi hết" only when nothing waits and
// nothing was refused.

describe('installer sync bar words', () => {
  for (const [waiting, refused, vi, en] of [
    [0, 0, 'Đã gửi hết', 'All sent'],
    [3, 0, '3 mục chờ gửi', '3 waiting to be sent'],
    [0, 1, '1 mục bị trả lại, xem bên dưới', '1 refused, see below'],
    [2, 1, '2 mục chờ gửi · 1 mục bị trả lại, xem bên dưới', '2 waiting to be sent · 1 refused, see below'],
  ] as const)
    it(`when ${waiting} wait and ${refused} were refused, then the bar reads "${vi}"`, () => {
      expect(installerVi.status.waiting(waiting, refused)).to.equal(vi);
      expect(installerEn.status.waiting(waiting, refused)).to.equal(en);
    });
});
