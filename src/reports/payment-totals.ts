import { bookSheet, xlsxBook, type SheetColumn } from '../spreadsheets/xlsx';
import { DateTime, Nullable, StringEnum, Type, type Static } from '../openapi/shape';
import type { Actor } from '../users/roles';
import { coverageReport } from './service';

// The payment file's totals (thanh quyết toán, DESIGN §14, issue 13 item 5): for a province (or a
// district), per commune, the households delivered, withdrawn and the failed visits, from the
// counters the coverage report reads — so its cost grows with the communes, not the households.
// The per-batch and per-commune lists are GET /reports/acceptance.

const counts = {
  target: Nullable(Type.Integer({ description: 'poor + nearPoor of the official list' })),
  eligible: Type.Integer({ description: 'approved + assigned + delivered' }),
  delivered: Type.Integer({ description: 'Households handed a receiver: the payment count' }),
  notYetDelivered: Type.Integer({ description: 'approved + assigned' }),
  withdrawn: Type.Integer(),
  failedAttempts: Type.Integer({ description: 'Failed visits, temporary ones included' }),
};

export const PaymentTotalsShape = Type.Object({
  area: Type.Object({
    code: Nullable(Type.String()),
    name: Type.String(),
    level: StringEnum(['nation', 'province', 'district', 'commune'] as const),
  }),
  generatedAt: DateTime(),
  communes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...counts })),
  totals: Type.Object(counts),
});
export type PaymentTotals = Static<typeof PaymentTotalsShape>;

export interface PaymentTotalsInput {
  areaCode?: string;
}

/** NotFoundError for an area outside the actor's scope. */
export async function paymentTotals(input: PaymentTotalsInput, actor: Actor): Promise<PaymentTotals> {
  const report = await coverageReport(
    { areaCode: input.areaCode, level: 'commune', sort: 'code', order: 'asc' },
    actor,
  );
  const pick = (r: (typeof report.rows)[number] | typeof report.totals) => ({
    target: r.target,
    eligible: r.eligible,
    delivered: r.delivered,
    notYetDelivered: r.notYetDelivered,
    withdrawn: r.withdrawn,
    failedAttempts: r.failedAttempts,
  });
  return {
    area: report.area,
    generatedAt: new Date().toISOString(),
    communes: report.rows.map((r) => ({ code: r.code, name: r.name, ...pick(r) })),
    totals: pick(report.totals),
  };
}

type Row = PaymentTotals['communes'][number];

const COLUMNS: SheetColumn<Row>[] = [
  { header: 'Mã xã', kind: 'text', width: 10, value: (r) => r.code },
  { header: 'Tên xã', kind: 'plain', width: 26, value: (r) => r.name },
  { header: 'Chỉ tiêu', kind: 'plain', width: 10, value: (r) => r.target },
  { header: 'Số hộ đủ điều kiện', kind: 'plain', width: 14, value: (r) => r.eligible },
  { header: 'Số hộ đã bàn giao (thanh toán)', kind: 'plain', width: 18, value: (r) => r.delivered },
  { header: 'Chưa bàn giao', kind: 'plain', width: 12, value: (r) => r.notYetDelivered },
  { header: 'Đã rút khỏi danh sách', kind: 'plain', width: 14, value: (r) => r.withdrawn },
  { header: 'Lượt không thành', kind: 'plain', width: 12, value: (r) => r.failedAttempts },
];

export function paymentTotalsXlsx(r: PaymentTotals): Promise<Buffer> {
  const all: Row = { code: '', name: `Tổng cộng ${r.area.name}`, ...r.totals };
  return xlsxBook([bookSheet('Tổng hợp thanh toán', COLUMNS, [...r.communes, all])]);
}
