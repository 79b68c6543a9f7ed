import { expect } from 'chai';
import request from 'supertest';
import { confirmDelivery } from '../../src/batches/completion';
import { handoverLinkOf } from '../../src/batches/handover';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp, testConfig } from '../support/app';
import { confirmBody, deliveryIdOf, givenStartedBatch, type GivenBatch } from '../support/batches';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { binary, pdfText } from '../support/pdf';

// Issue 12, item 7 (DESIGN §14): the numbered handover record, as HTML and as PDF (its text read back
// with pdf.js), and the short-lived signed link that opens it without a session.

const API = '/api/v1/deliveries';
const NUMBER = /^\d{6}\/\d{4}\/BB-BG$/;

describe('handover record (issue 12)', () => {
  useTestDb();

  let official: GivenUser;
  let given: GivenBatch;
  let installer: GivenUser;
  let ids: string[];

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    given = await givenStartedBatch({ receivers: 4, households: 4 });
    installer = given.installer;
    ids = await Promise.all(given.households.map((h) => deliveryIdOf(h.id, official.auth)));
  });

  const confirm = (id: string, serial: string) =>
    request(testApp).post(`${API}/${id}/confirm`).set(installer.auth).send(confirmBody(serial));

  it('when four deliveries are confirmed in parallel, then each gets its own number of the province and year', async () => {
    const answers = await Promise.all(ids.map((id, i) => confirm(id, given.serials[i])));

    expect(answers.map((r) => r.status)).to.deep.equal([200, 200, 200, 200]);
    const numbers = answers.map((r) => r.body.handoverNumber as string);
    for (const n of numbers) expect(n).to.match(NUMBER);
    expect(new Set(numbers).size).to.equal(4);
    expect(numbers.map((n) => Number(n.slice(0, 6))).sort()).to.deep.equal([1, 2, 3, 4]);
    const again = await confirm(ids[0], given.serials[0]).expect(200);
    expect(again.body.handoverNumber).to.equal(numbers[0]);
    const pending = await request(testApp).get(`${API}/${ids[0]}`).set(official.auth);
    expect(pending.body.handoverNumber).to.equal(numbers[0]);
  });

  it('when the installer prints the record, then HTML and PDF carry the number, the full ID, serial, model, the photo and the commune block', async () => {
    const done = await confirm(ids[0], given.serials[0]).expect(200);
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    await request(testApp)
      .put(`${API}/${ids[0]}/photo`)
      .set(installer.auth)
      .set('Content-Type', 'image/png')
      .send(png)
      .expect(201);

    const html = await request(testApp).get(`${API}/${ids[0]}/handover`).set(installer.auth).expect(200);
    const pdf = await request(testApp)
      .get(`${API}/${ids[0]}/handover.pdf`)
      .set(installer.auth)
      .buffer(true)
      .parse(binary)
      .expect(200);

    const head = given.households[0].head;
    for (const s of [
      done.body.handoverNumber,
      head.nationalId,
      'XÁC NHẬN CỦA UBND PHƯỜNG DỮU LÂU',
      'data:image/png;base64,',
    ])
      expect(html.text).to.include(s);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    const text = await pdfText(pdf.body as Buffer);
    for (const s of [
      'BIÊN BẢN BÀN GIAO ĐẦU THU TRUYỀN HÌNH SỐ',
      `Số: ${done.body.handoverNumber}`,
      head.fullName,
      head.nationalId,
      given.serials[0],
      'DVB-T2 HD-01',
      'Phường Dữu Lâu',
      'Con gái của chủ hộ',
      'ĐẠI DIỆN BÊN NHẬN',
      'ĐẠI DIỆN BÊN GIAO',
      'XÁC NHẬN CỦA UBND PHƯỜNG DỮU LÂU',
    ])
      expect(text).to.include(s);
  });

  it('when the system recorded the delivery (no person), then the record leaves a line for the name, never an empty one', async () => {
    await confirmDelivery(ids[1], confirmBody(given.serials[1]), SYSTEM_ACTOR);

    const html = await request(testApp).get(`${API}/${ids[1]}/handover`).set(official.auth).expect(200);
    const pdf = await request(testApp)
      .get(`${API}/${ids[1]}/handover.pdf`)
      .set(official.auth)
      .buffer(true)
      .parse(binary)
      .expect(200);

    expect(html.text).to.include('người thực hiện: <span class="fill"></span>, thợ lắp đặt');
    const text = await pdfText(pdf.body as Buffer);
    expect(text).to.match(/người thực hiện: …+, thợ lắp đặt/);
    expect(text).not.to.include('người thực hiện: ,');
  });

  it('when a signed link is made, then it opens that record without a session; altered, for another record or expired it is 401', async () => {
    await confirm(ids[0], given.serials[0]).expect(200);
    await confirm(ids[1], given.serials[1]).expect(200);

    const link = await request(testApp)
      .post(`${API}/${ids[0]}/handover-link`)
      .set(installer.auth)
      .send({ format: 'pdf' })
      .expect(201);
    const opened = await request(testApp).get(link.body.url).buffer(true).parse(binary);
    const altered = await request(testApp).get(link.body.url.replace(/signature=./, 'signature=A'));
    const other = await request(testApp).get(link.body.url.replace(ids[0], ids[1]));
    const old = await handoverLinkOf(
      ids[0],
      'html',
      SYSTEM_ACTOR,
      testConfig().handover,
      new Date(Date.now() - 11 * 60_000),
    );
    const expired = await request(testApp).get(old.url);
    const html = await request(testApp)
      .post(`${API}/${ids[0]}/handover-link`)
      .set(official.auth)
      .send({ format: 'html' })
      .expect(201);

    expect(link.body.url).to.not.match(/token|Bearer/i);
    expect(Date.parse(link.body.expiresAt) - Date.now()).to.be.within(0, 10 * 60_000 + 1000);
    expect(opened.status).to.equal(200);
    expect(await pdfText(opened.body as Buffer)).to.include(given.households[0].head.nationalId);
    expect(altered.status).to.equal(401);
    expect(other.status).to.equal(401);
    expect(expired.status).to.equal(401);
    expect((await request(testApp).get(html.body.url).expect(200)).text).to.include('BIÊN BẢN BÀN GIAO');
  });

  it('when another installer asks for a link or the record, then 404; a pending delivery is 422; no session 401', async () => {
    const other = await givenUser('installer', '25');
    await confirm(ids[0], given.serials[0]).expect(200);

    const link = await request(testApp).post(`${API}/${ids[0]}/handover-link`).set(other.auth).send({});
    const page = await request(testApp).get(`${API}/${ids[0]}/handover.pdf`).set(other.auth);
    const pending = await request(testApp)
      .post(`${API}/${ids[1]}/handover-link`)
      .set(installer.auth)
      .send({});
    const anonymous = await request(testApp).get(`${API}/${ids[0]}/handover`);

    expect(link.status).to.equal(404);
    expect(page.status).to.equal(404);
    expect(pending.status).to.equal(422);
    expect(anonymous.status).to.equal(401);
  });
});
