import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { readBackup } from '../../src/database/backup';
import { postgresAccess } from '../../src/database/db';
import { expectNoSideScroll, signInAs, useBrowserApp } from '../support/browser';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';
import { screenshot } from '../support/screenshots';

// The admin's backups page ("Sao lưu") in Chromium against the real service: a backup made on
// request while the page waits for it, then downloaded as a complete backup of what is stored.

describe('browser: admin backups', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'dtv-browser-backups-'));
  const app = useBrowserApp({ BACKUP_DIR: dir });
  let admin: GivenUser;

  before(function () {
    if (!postgresAccess()) this.skip(); // the embedded PostgreSQL only
  });

  beforeEach(async () => {
    await givenAreas();
    admin = await givenUser('admin');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('when the admin backs up and downloads the backup, then the file holds what is stored', async () => {
    await givenHousehold('07888');
    await givenHousehold('07891');
    const { page } = await app.open(1366, 900);
    await signInAs(page, admin.username, admin.password);
    await page.getByRole('link', { name: 'Sao lưu' }).click();
    await page.getByRole('heading', { name: 'Sao lưu dữ liệu', level: 1 }).waitFor();
    await page.getByText('Hệ thống tự sao lưu mỗi ngày một lần và giữ 14 bản mới nhất').waitFor();
    await page.getByText('Chưa có bản sao lưu nào.').waitFor();

    await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
    await page.getByText('Đã sao lưu xong.').waitFor();
    const row = page.getByRole('row', { name: /mới nhất/ });
    await row.waitFor();
    await screenshot(page, 'admin-backups-1366');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Tải về' }).click(),
    ]);
    expect(download.suggestedFilename()).to.match(/^dtv_test_\d+_\d+-\d{4}-\d{2}-\d{2}-\d{6}\.jsonl\.gz$/);
    const saved = path.join(dir, 'downloaded.gz');
    await download.saveAs(saved);
    const { collections } = await readBackup(createReadStream(saved));
    expect(collections.households).to.equal(2);
  });

  it('when the admin opens the page on a phone, then it reads without sideways scrolling, in English too', async () => {
    const { page } = await app.open(360, 780);
    await signInAs(page, admin.username, admin.password);
    await page.goto('/backups');
    await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
    await page.getByText('Đã sao lưu xong.').waitFor();
    await page.getByRole('row', { name: /mới nhất/ }).waitFor();
    await expectNoSideScroll(page);
    await screenshot(page, 'admin-backups-360');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Backups', level: 1 }).waitFor();
    await page.getByText('The system makes a backup once a day and keeps the newest 14').waitFor();
    await page
      .getByRole('row', { name: /newest/ })
      .getByRole('button', { name: 'Download' })
      .waitFor();
  });
});
