import { operation, type PathItems } from '../openapi/describe';
import { INVENTORY_COLUMNS } from './inventory-columns';
import { MISMATCH_KINDS, MISMATCH_VI } from './inventory-figures';
import { InventoryReportShape } from './inventory-shapes';
import { inventoryReportQuery } from './paperwork-schemas';

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
};
