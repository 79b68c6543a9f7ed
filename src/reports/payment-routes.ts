import { apiRouter } from '../http/api-router';
import Joi from 'joi';
import { XLSX_TYPE } from '../spreadsheets/xlsx';
import { actorOf, requireRole } from '../http/auth';
import { areaCode } from '../http/joi-fields';
import { operation, type PathItems } from '../openapi/describe';
import { parseQuery } from '../http/validate';
import {
  paymentTotals,
  PaymentTotalsShape,
  paymentTotalsXlsx,
  type PaymentTotalsInput,
} from './payment-totals';

// GET /reports/payment: the province's (or a district's) totals for the payment file, per commune.
// Mounted under /reports next to the other paperwork reports.

export const paymentTotalsQuery = Joi.object<PaymentTotalsInput & { format: 'json' | 'xlsx' }>({
  areaCode,
  format: Joi.string().valid('json', 'xlsx').default('json'),
});

const KEEPERS = ['official', 'admin'] as const;

export const paymentReportRoutes = apiRouter();

paymentReportRoutes.get('/payment', requireRole(...KEEPERS), async (req, res) => {
  const { format, ...input } = parseQuery(paymentTotalsQuery, req.query);
  const report = await paymentTotals(input, actorOf(req));
  if (format === 'json') {
    res.json(report);
    return;
  }
  res.attachment(`thanh-toan-${report.area.code ?? 'ca-nuoc'}-${new Date().toISOString().slice(0, 10)}.xlsx`);
  res.type(XLSX_TYPE);
  res.send(await paymentTotalsXlsx(report));
});

export const paymentReportApiPaths: PathItems = {
  '/payment': {
    get: operation({
      summary: 'Totals for the payment file (thanh quyết toán): per commune of a province or district',
      description:
        'From the per-commune counters (the coverage report’s), so it costs the same at 35,000 households as ' +
        'at 1,000: per commune the target, eligible, delivered (the payment count), not yet delivered, ' +
        'withdrawn and failed visits, and the totals of the area. `areaCode` defaults to the official’s area ' +
        '(another area is 404). `format=xlsx`: one sheet "Tổng hợp thanh toán", commune codes as text, the ' +
        'last row the totals. The delivered households themselves are in GET /reports/acceptance (per batch ' +
        'or commune) and GET /deliveries?format=xlsx.',
      roles: KEEPERS,
      query: paymentTotalsQuery,
      responses: { 200: PaymentTotalsShape },
      errors: [404],
      alsoProduces: [XLSX_TYPE],
    }),
  },
};
