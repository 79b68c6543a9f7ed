import { expect } from 'chai';
import { auditIdOf, pendingAudit, settlePendingAudit, writePendingAudit } from '../../src/audit/pending';
import { AuditModel } from '../../src/audit/model';
import { postgresReadsInUse } from '../../src/database/postgres-reads';
import { HouseholdModel } from '../../src/households/model';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { useTestDb } from '../support/db';
import { givenAreas, givenHousehold } from '../support/factories';
import { storedRow } from '../support/stored-rows';

// A pending audit entry settled by the embedded PostgreSQL in one statement
// (postgres-insert-clear.ts): the entry stored exactly as FerretDB stores it, the marker cleared
// only when its key matches, a second settle storing nothing more.

const AREA = { provinceCode: '25', districtCode: '227', communeCode: '07888' };

const markerOf = (id: string, version: number, after: unknown) =>
  pendingAudit(
    SYSTEM_ACTOR,
    'household.approved',
    { type: 'household', id, area: AREA },
    { before: { status: 'submitted' }, after },
    version,
  );

async function markedHousehold(p: ReturnType<typeof markerOf>): Promise<string> {
  const h = await givenHousehold('07888');
  await HouseholdModel.updateOne({ _id: h.id }, { $set: { pendingAudit: p } }, { timestamps: false });
  return h.id;
}

describe('audit entries settled by the embedded PostgreSQL (insert and marker clear in one statement)', () => {
  useTestDb();

  before(function () {
    if (!postgresReadsInUse()) this.skip(); // only the embedded default
  });

  beforeEach(async () => {
    await givenAreas();
  });

  it('when a marker is settled, then its entry is stored as FerretDB stores one and the marker is cleared', async () => {
    const at = new Date('2026-07-01T03:00:00.123Z');
    const sqlMarker = markerOf('a', 2, { status: 'approved', at, list: [1, 2.5, 'x'], note: null });
    const id = await markedHousehold(sqlMarker);
    const before = await HouseholdModel.findById(id).lean();

    await settlePendingAudit(sqlMarker, { model: HouseholdModel, id });
    const viaFerret = markerOf('b', 2, { status: 'approved', at, list: [1, 2.5, 'x'], note: null });
    await writePendingAudit(viaFerret); // AuditModel.create through FerretDB

    const row = await storedRow(AuditModel, auditIdOf(sqlMarker.key));
    const twin = await storedRow(AuditModel, auditIdOf(viaFerret.key));
    const strip = (r: Record<string, unknown>) => ({ ...r, _id: null, entityId: null, at: null });
    expect(strip(row)).to.deep.equal(strip(twin)); // values, types and key order alike
    const entry = await AuditModel.findById(auditIdOf(sqlMarker.key)).lean();
    expect(entry?.after).to.deep.equal({ status: 'approved', at, list: [1, 2.5, 'x'], note: null });
    expect(entry?.area).to.deep.equal(AREA);
    const after = await HouseholdModel.findById(id).lean();
    expect(after?.pendingAudit).to.equal(null);
    expect(after?.updatedAt).to.deep.equal(before?.updatedAt); // bookkeeping, not a change
    expect(await HouseholdModel.countDocuments({ 'pendingAudit.open': true })).to.equal(0);
  });

  it("when the document carries a later change's marker, then settling the earlier one stores its entry and leaves the later marker", async () => {
    const earlier = markerOf('c', 2, { status: 'approved' });
    const later = markerOf('c', 3, { status: 'withdrawn' });
    const id = await markedHousehold(later);

    await settlePendingAudit(earlier, { model: HouseholdModel, id });

    expect(await AuditModel.countDocuments({ _id: auditIdOf(earlier.key) })).to.equal(1);
    expect((await HouseholdModel.findById(id).lean())?.pendingAudit?.key).to.equal(later.key);
  });

  it('when a marker is settled twice (a retry), then one entry is stored', async () => {
    const p = markerOf('d', 2, { status: 'approved' });
    const id = await markedHousehold(p);

    await settlePendingAudit(p, { model: HouseholdModel, id });
    await HouseholdModel.updateOne({ _id: id }, { $set: { pendingAudit: p } }, { timestamps: false });
    await settlePendingAudit(p, { model: HouseholdModel, id });

    expect(await AuditModel.countDocuments({ entityId: 'd' })).to.equal(1);
    expect((await HouseholdModel.findById(id).lean())?.pendingAudit).to.equal(null);
  });
});
