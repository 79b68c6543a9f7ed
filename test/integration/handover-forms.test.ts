import { expect } from 'chai';
import request from 'supertest';
import { createBatch } from '../../src/batches/service';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { confirmBody, givenDeliveries, givenStartedBatch, type GivenDeliveries } from '../support/batches';
import { useTestDb } from '../support/db';
import { givenUser, type GivenUser } from '../support/factories';
import { binary, pdfPages } from '../support/pdf';

// Issue 12, item 7: blank handover forms for paper use. Their numbers come from the sequence that
// confirmations use (never given twice, never to a confirmation), the forms print as HTML and PDF
// with the session, and a paper number typed at confirmation is the delivery's number.

const FORMS = '/api/v1/handover-forms';
const DELIVERIES = '/api/v1/deliveries';
const seq = (n: string) => Number(n.slice(0, 6));

describe('blank handover forms (issue 12)', () => {
  useTestDb();

  let given: GivenDeliveries;
  let official: GivenUser;
  let installer: GivenUser;
  let ids: string[];

  beforeEach(async () => {
    given = await givenDeliveries(4);
    ({ official, installer, ids } = given);
  });

  const reserve = (body: Record<string, unknown>, who = installer, key?: string) => {
    const req = request(testApp).post(FORMS).set(who.auth);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const confirm = (id: string, serial: string, extra: Record<string, unknown> = {}) =>
    request(testApp).post(`${DELIVERIES}/${id}/confirm`).set(installer.auth).send(confirmBody(serial, extra));
  const numbersOf = (res: request.Response) =>
    (res.body.numbers as { number: string }[]).map((n) => n.number);

  it('when an installer reserves 3 forms, then they get the next 3 numbers, audited, and a confirmation gets the one after', async () => {
    const first = await confirm(ids[0], given.serials[0]).expect(200);
    const res = await reserve({ batchId: given.batch.id, count: 3 }).expect(201);
    const after = await confirm(ids[1], given.serials[1]).expect(200);

    const numbers = numbersOf(res);
    expect(numbers.map(seq)).to.deep.equal([2, 3, 4]);
    expect(seq(first.body.handoverNumber)).to.equal(1);
    expect(seq(after.body.handoverNumber)).to.equal(5);
    expect(res.body).to.include({
      batchId: given.batch.id,
      batchCode: given.batch.code,
      reservedBy: installer.id,
    });
    expect(res.body.numbers.every((n: { deliveryId: unknown }) => n.deliveryId === null)).to.equal(true);
    const log = await request(testApp)
      .get('/api/v1/audit')
      .query({ entityType: 'handover_form', entityId: res.body.id })
      .set(official.auth)
      .expect(200);
    expect(log.body.items).to.have.length(1);
    expect(log.body.items[0].action).to.equal('handover_form.reserved');
    expect(log.body.items[0].actor.id).to.equal(installer.id);
    expect(log.body.items[0].after.numbers).to.deep.equal(numbers);
    const listed = await request(testApp)
      .get(FORMS)
      .query({ batchId: given.batch.id })
      .set(official.auth)
      .expect(200);
    expect(listed.body.items.map((f: { id: string }) => f.id)).to.deep.equal([res.body.id]);
  });

  it('when reservations and confirmations run in parallel, then no number is given twice', async () => {
    const answers = await Promise.all([
      reserve({ batchId: given.batch.id, count: 5 }),
      reserve({ batchId: given.batch.id, count: 4 }, official),
      confirm(ids[0], given.serials[0]),
      reserve({ batchId: given.batch.id, count: 6 }),
      confirm(ids[1], given.serials[1]),
      reserve({ batchId: given.batch.id }, official),
    ]);

    expect(answers.map((r) => r.status)).to.deep.equal([201, 201, 200, 201, 200, 201]);
    const all = [
      ...numbersOf(answers[0]),
      ...numbersOf(answers[1]),
      answers[2].body.handoverNumber as string,
      ...numbersOf(answers[3]),
      answers[4].body.handoverNumber as string,
      ...numbersOf(answers[5]),
    ];
    expect(all).to.have.length(18);
    expect(new Set(all).size).to.equal(18);
    expect(all.map(seq).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 18 }, (_, i) => i + 1));
  });

  it('when the same Idempotency-Key is sent again, also in parallel, then one reservation with the same numbers; another body is 409', async () => {
    const body = { batchId: given.batch.id, count: 2 };
    const [a, b] = await Promise.all([
      reserve(body, installer, 'paper-key-1'),
      reserve(body, installer, 'paper-key-1'),
    ]);
    const c = await reserve(body, installer, 'paper-key-1');
    const other = await reserve({ ...body, count: 3 }, installer, 'paper-key-1');

    expect([a.status, b.status, c.status]).to.deep.equal([201, 201, 201]);
    expect(numbersOf(b)).to.deep.equal(numbersOf(a));
    expect(numbersOf(c)).to.deep.equal(numbersOf(a));
    expect(other.status).to.equal(409);
    const listed = await request(testApp)
      .get(FORMS)
      .query({ batchId: given.batch.id })
      .set(installer.auth)
      .expect(200);
    expect(listed.body.items).to.have.length(1);
    const next = await confirm(ids[0], given.serials[0]).expect(200);
    expect(seq(next.body.handoverNumber)).to.equal(3);
  });

  it('when the forms are printed, then HTML and PDF have one page per number with the empty lines and the commune block', async () => {
    const res = await reserve({ batchId: given.batch.id, count: 2 }).expect(201);
    const numbers = numbersOf(res);

    const html = await request(testApp).get(`${FORMS}/${res.body.id}/form`).set(installer.auth).expect(200);
    const pdf = await request(testApp)
      .get(`${FORMS}/${res.body.id}/form.pdf`)
      .set(installer.auth)
      .buffer(true)
      .parse(binary)
      .expect(200);

    expect(html.headers['content-type']).to.match(/text\/html/);
    expect(html.headers['cache-control']).to.equal('private, no-store');
    expect(html.text.match(/<section class="page">/g)).to.have.length(2);
    for (const s of [
      ...numbers,
      // A batch of two communes: the committee is written in, the communes offered.
      'XÁC NHẬN CỦA UBND XÃ/PHƯỜNG <span class="fill s"></span>',
      'xã/phường (Phường Dữu Lâu / Phường Vân Cơ)',
      'số CCCD/CMND chủ hộ',
      'ĐẠI DIỆN BÊN NHẬN',
      given.batch.code,
    ])
      expect(html.text).to.include(s);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    const pages = await pdfPages(pdf.body as Buffer);
    expect(pages).to.have.length(2);
    pages.forEach((text, i) => {
      for (const s of [
        'BIÊN BẢN BÀN GIAO ĐẦU THU TRUYỀN HÌNH SỐ',
        `Số: ${numbers[i]}`,
        'Số CCCD/CMND chủ hộ',
        'Số serial',
        'ĐẠI DIỆN BÊN GIAO',
        'XÁC NHẬN CỦA UBND XÃ/PHƯỜNG',
        given.batch.code,
      ])
        expect(text).to.include(s);
    });
  });

  it('when a paper number is typed at confirmation, then the delivery carries it and the form records the delivery; reused, unknown or of another batch it is refused', async () => {
    const res = await reserve({ batchId: given.batch.id, count: 2 }).expect(201);
    const [paper, spare] = numbersOf(res);
    const other = await givenStartedBatch({ receivers: 1, households: 0 });
    const otherForm = await reserve({ batchId: other.batch.id }, other.installer).expect(201);

    const wrongSerial = await confirm(ids[0], 'SN-NOT-IN-BATCH', { paperHandoverNumber: paper });
    const done = await confirm(ids[0], given.serials[0], { paperHandoverNumber: paper }).expect(200);
    const retry = await confirm(ids[0], given.serials[0], { paperHandoverNumber: paper }).expect(200);
    const reused = await confirm(ids[1], given.serials[1], { paperHandoverNumber: paper });
    const foreign = await confirm(ids[1], given.serials[1], { paperHandoverNumber: numbersOf(otherForm)[0] });
    const unknown = await confirm(ids[1], given.serials[1], { paperHandoverNumber: '999999/2026/BB-BG' });
    const malformed = await confirm(ids[1], given.serials[1], { paperHandoverNumber: '12/BB' });

    expect(wrongSerial.status).to.be.oneOf([404, 409, 422]);
    expect(done.body.handoverNumber).to.equal(paper);
    expect(retry.body.handoverNumber).to.equal(paper);
    expect(reused.status).to.equal(409);
    expect(reused.body.error.message).to.include('đã dùng cho hộ khác');
    expect(foreign.status).to.equal(422);
    expect(foreign.body.error.message).to.include('không phải số đã giữ cho đợt lắp đặt này');
    expect(unknown.status).to.equal(422);
    expect(malformed.status).to.equal(400);
    const form = await request(testApp).get(`${FORMS}/${res.body.id}`).set(official.auth).expect(200);
    expect(form.body.numbers).to.deep.equal([
      { number: paper, deliveryId: ids[0] },
      { number: spare, deliveryId: null },
    ]);
    const page = await request(testApp)
      .get(`${DELIVERIES}/${ids[0]}/handover`)
      .set(installer.auth)
      .expect(200);
    expect(page.text).to.include(paper);
    const second = await confirm(ids[1], given.serials[1], { paperHandoverNumber: spare }).expect(200);
    expect(second.body.handoverNumber).to.equal(spare);
  });

  it('when two deliveries are confirmed with the same paper number in parallel, then one gets it and the other is 409', async () => {
    const res = await reserve({ batchId: given.batch.id }).expect(201);
    const [paper] = numbersOf(res);

    const answers = await Promise.all([
      confirm(ids[0], given.serials[0], { paperHandoverNumber: paper }),
      confirm(ids[1], given.serials[1], { paperHandoverNumber: paper }),
      confirm(ids[2], given.serials[2], { paperHandoverNumber: paper }),
    ]);

    expect(answers.map((r) => r.status).sort()).to.deep.equal([200, 409, 409]);
    const winner = answers.find((r) => r.status === 200)!;
    expect(winner.body.handoverNumber).to.equal(paper);
    const form = await request(testApp).get(`${FORMS}/${res.body.id}`).set(official.auth).expect(200);
    expect(form.body.numbers[0].deliveryId).to.equal(winner.body.id);
  });

  it('when out of scope, planned, too many or the wrong role, then 404, 422, 400 or 403 with words', async () => {
    const stranger = await givenUser('installer', '25');
    const staff = await givenUser('commune_staff', '07888');
    const planned = await createBatch(
      {
        provinceCode: '25',
        name: 'Đợt 2',
        phase: 1,
        communeCodes: ['07888'],
        receiverType: 'dvb-t2',
        installerIds: [installer.id],
      },
      SYSTEM_ACTOR,
    );
    const mine = await reserve({ batchId: given.batch.id }).expect(201);

    expect((await reserve({ batchId: given.batch.id }, stranger)).status).to.equal(404);
    expect((await request(testApp).get(`${FORMS}/${mine.body.id}`).set(stranger.auth)).status).to.equal(404);
    expect((await request(testApp).get(`${FORMS}/${mine.body.id}/form`).set(stranger.auth)).status).to.equal(
      404,
    );
    const early = await reserve({ batchId: planned.id });
    expect(early.status).to.equal(422);
    expect(early.body.error.message).to.include('đang lập kế hoạch');
    expect((await reserve({ batchId: planned.id }, official)).status).to.equal(201);
    const many = await reserve({ batchId: given.batch.id, count: 51 });
    expect(many.status).to.equal(400);
    expect(JSON.stringify(many.body.error)).to.include('count');
    expect((await reserve({ batchId: given.batch.id }, staff)).status).to.equal(403);
    expect((await request(testApp).get(`${FORMS}/${mine.body.id}/form.pdf`)).status).to.equal(401);
  });
});
