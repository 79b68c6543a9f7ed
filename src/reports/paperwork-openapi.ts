import { operation, type PathItems } from '../openapi/describe';
import { INVENTORY_COLUMNS } from './inventory-columns';
import { MISMATCH_KINDS, MISMATCH_VI } from './inventory-figures';
import { InventoryReportShape } from './inventory-shapes';
import { AcceptanceReportShape } from './acceptance-shapes';
import { BatchReportShape } from './batch-report-shapes';
import {
  acceptanceReportQuery,
  batchReportParams,
  batchReportQuery,
  inventoryReportQuery,
} from './paperwork-schemas';

const KEEPERS = ['official', 'admin'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const paperworkReportApiPaths: PathItems = {
  '/inventory': {
    get: operation({
      summary: 'Receiver inventory of a province: per type, lot and supplier, with every mismatch listed',
      description:
        'received = inStock + allocated + installed + defective + lost, from the receiver counters (kept at every ' +
        'status change). Mismatches come from comparing each batch’s receivers with its delivered deliveries ' +
        '(`batchId` checks one batch only):\n\n' +
        MISMATCH_KINDS.map((k) => `- \`${k}\`: ${MISMATCH_VI[k]}`).join('\n') +
        '\n\n`provinceCode` defaults to the official’s province (admins must give it); another province is 404. ' +
        '`format=csv` gives the figures (UTF-8 with BOM; `lang=vi` Vietnamese headers, `lang=en` the keys), ' +
        '`format=xlsx` a workbook with the figures ("Tồn kho") and the mismatches ("Sai lệch", serials as text). ' +
        'Columns:\n\n' +
        INVENTORY_COLUMNS.map((c) => `- \`${c.key}\` — ${c.vi}: ${c.meaning}`).join('\n'),
      roles: KEEPERS,
      query: inventoryReportQuery,
      responses: { 200: InventoryReportShape },
      errors: [404],
      alsoProduces: ['text/csv', XLSX],
    }),
  },
  '/batches/{id}': {
    get: operation({
      summary: 'A batch’s report: progress by commune and installer, failure reasons in words, its receivers',
      description:
        'From the batch’s deliveries (one bounded scan) and receivers. `failedAttempts` counts every failed visit ' +
        '(temporary ones kept as attempts on a pending delivery, and the final failure); `receivers.toReturn` is ' +
        'what goes back to stock at closing (allocated and not promised to a pending household). Officials of the ' +
        'batch’s province and admins; another province’s batch is 404. `format=xlsx` gives the sheets "Theo xã", ' +
        '"Theo người lắp đặt", "Lý do không thành" and "Tổng hợp".',
      roles: KEEPERS,
      params: batchReportParams,
      query: batchReportQuery,
      responses: { 200: BatchReportShape },
      errors: [404],
      alsoProduces: [XLSX],
    }),
  },
  '/acceptance': {
    get: operation({
      summary:
        'Acceptance and payment papers of a batch or a commune: delivered households, failures, totals',
      description:
        'Give `batchId` or `areaCode` (a commune). Delivered households with the head, national ID (full for ' +
        'officials and admins, masked to the last four digits for commune staff), address, phone, serial, model, ' +
        'date, installer, handover record number, recipient, signal and photo yes/no; every failed visit with its ' +
        'reason in words; totals per commune. `format=xlsx`: sheets "Đã bàn giao", "Không thành", "Tổng hợp", ' +
        'with national IDs, phones, serials and record numbers as text and dates in Vietnam time.',
      roles: [...KEEPERS, 'commune_staff'],
      query: acceptanceReportQuery,
      responses: { 200: AcceptanceReportShape },
      errors: [404],
      alsoProduces: [XLSX],
    }),
  },
};
