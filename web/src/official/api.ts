import type { AddHouseholdsResult } from '../../../src/batches/assignment';
import type { Batch, BatchDetail, BatchProgress } from '../../../src/batches/shapes';
import type { CreateBatchInput } from '../../../src/batches/service';
import type { InspectionSample } from '../../../src/inspections/samples';
import type { Inspection, SampleFieldList, SampleListItem } from '../../../src/inspections/shapes';
import type { InspectionSummary } from '../../../src/inspections/summary';
import type { Job } from '../../../src/jobs/service';
import type { ReceiverImportReport } from '../../../src/receivers/import';
import type { ChangeReceiverInput } from '../../../src/receivers/inventory';
import type { AllocationResult, Receiver } from '../../../src/receivers/service';
import type { AcceptanceReport } from '../../../src/reports/acceptance-shapes';
import type { AuditLogEntry, AuditLogPage } from '../../../src/reports/audit-log-shapes';
import type { ListAuditInput } from '../../../src/audit/service';
import type { InventoryReport } from '../../../src/reports/inventory-shapes';
import type { PaymentTotals } from '../../../src/reports/payment-totals';
import type { ProgressReport } from '../../../src/reports/progress';
import type { CoverageReport } from '../../../src/reports/service';
import type { SetTargetsInput } from '../../../src/areas/service';
import type { TargetResult, TargetsImportReport } from '../../../src/areas/targets';
import type { HouseholdDuplicates, HouseholdListItem, HouseholdPage } from '../../../src/households/shapes';
import { download, json, sendFile, type Area, type Household, type Page, type Query } from '../shared/api';

// The official's routes, through the one API client (shared/api.ts is the only code calling fetch).

export type {
  AcceptanceReport,
  AuditLogEntry,
  InventoryReport,
  PaymentTotals,
  Batch,
  BatchDetail,
  BatchProgress,
  HouseholdDuplicates,
  HouseholdListItem,
  CoverageReport,
  Inspection,
  InspectionSample,
  SampleFieldList,
  Job,
  ProgressReport,
  Receiver,
};
export type BulkBody =
  | { ids: string[]; reason?: string }
  | {
      filter: { areaCode: string; village?: string; eligible?: boolean; needsDuplicateReview?: boolean };
      reason?: string;
    };
export type BatchEdit = Partial<
  Pick<Batch, 'name' | 'notes' | 'communeCodes' | 'installerIds' | 'plannedStart' | 'plannedEnd'>
> & { version: number };
export type SpreadsheetFormat = 'csv' | 'xlsx';

const sheet = (format: SpreadsheetFormat | 'json', lang: 'vi' | 'en') => ({ format, lang });

export const officialApi = {
  coverage: (query: { areaCode?: string; level?: string }) =>
    json<CoverageReport>('GET', '/reports/coverage', { query }),
  coverageFile: (
    query: { areaCode?: string; level?: string },
    format: SpreadsheetFormat,
    lang: 'vi' | 'en',
  ) => download('/reports/coverage', { ...query, ...sheet(format, lang) }, `coverage.${format}`),
  progress: (query: { areaCode?: string; level?: string }) =>
    json<ProgressReport>('GET', '/reports/progress', { query }),

  /** GET /audit: the area's audit trail, newest first, with names (reports/audit-log.ts). */
  audit: (query: Partial<Omit<ListAuditInput, 'from' | 'to' | 'after'>> & { from?: string; to?: string }) =>
    json<AuditLogPage>('GET', '/audit', { query }),
  /** The whole filtered trail as .xlsx (GET /audit?format=xlsx), in the page's words. */
  auditFile: (
    query: Partial<Omit<ListAuditInput, 'from' | 'to' | 'page' | 'pageSize' | 'after'>> & {
      from?: string;
      to?: string;
    },
    lang: 'vi' | 'en',
  ) =>
    download(
      '/audit',
      { ...query, format: 'xlsx', lang },
      lang === 'vi' ? 'nhat-ky.xlsx' : 'audit-trail.xlsx',
    ),
  communes: (provinceCode: string, page: number) =>
    json<Page<Area>>('GET', '/areas', { query: { level: 'commune', provinceCode, page, pageSize: 500 } }),
  setTargets: (code: string, input: SetTargetsInput) =>
    json<Area>('PUT', `/areas/${code}/targets`, { body: input }),
  setTargetsMany: (rows: (SetTargetsInput & { code: string })[]) =>
    json<{ results: TargetResult[]; counts: Record<string, number> }>('PUT', '/areas/targets', {
      body: { rows },
    }),
  importTargets: (file: File, dryRun: boolean) =>
    sendFile<TargetsImportReport>('/areas/targets/import', file, { dryRun }),
  targetsTemplate: (lang: 'vi' | 'en', areaCode?: string) =>
    download('/areas/targets/template', { lang, areaCode }, 'chi-tieu-xa.xlsx'),
  setSwitchOff: (code: string, switchOffDate: string) =>
    json<Area>('PUT', `/areas/${code}/programme`, { body: { switchOffDate } }),

  households: (query: Query) => json<HouseholdPage>('GET', '/households', { query }),
  duplicates: (id: string) => json<HouseholdDuplicates>('GET', `/households/${id}/duplicates`),
  notDuplicate: (id: string, version: number) =>
    json<Household>('POST', `/households/${id}/not-duplicate`, { body: { version } }),
  household: (id: string) => json<Household>('GET', `/households/${id}`),
  bulkReview: (action: 'approve' | 'reject', body: BulkBody) =>
    json<Job>('POST', `/households/${action}`, { body, headers: { 'Idempotency-Key': crypto.randomUUID() } }),
  job: (id: string) => json<Job>('GET', `/jobs/${id}`),
  approve: (id: string, body: { version: number; notDuplicate?: boolean }) =>
    json<Household>('POST', `/households/${id}/approve`, { body }),
  reject: (id: string, body: { version: number; reason: string; duplicateOf?: string }) =>
    json<Household>('POST', `/households/${id}/reject`, { body }),

  installers: (areaCode?: string) =>
    json<Page<{ id: string; fullName: string; username: string }>>('GET', '/users', {
      query: { role: 'installer', active: true, pageSize: 200, areaCode },
    }),
  batches: (query: Query) => json<Page<Batch>>('GET', '/batches', { query }),
  batch: (id: string) => json<BatchDetail>('GET', `/batches/${id}`),
  createBatch: (input: Omit<CreateBatchInput, 'plannedStart' | 'plannedEnd'> & Record<string, unknown>) =>
    json<Batch>('POST', '/batches', { body: input }),
  /** PATCH /batches/:id: its name, notes, dates, installers or communes (with the version read). */
  editBatch: (id: string, input: BatchEdit) => json<Batch>('PATCH', `/batches/${id}`, { body: input }),
  allocate: (id: string, body: { count: number } | { serials: string[] }) =>
    json<AllocationResult>('POST', `/batches/${id}/receivers`, { body }),
  addHouseholds: (id: string, body: { householdIds?: string[]; limit?: number }) =>
    json<AddHouseholdsResult>('POST', `/batches/${id}/households`, { body }),
  startBatch: (id: string) => json<Batch>('POST', `/batches/${id}/start`),
  /** Closes the batch at once and cancels its pending deliveries as a job; the same key resumes it. */
  closeBatchAsJob: (id: string, key: string) =>
    json<Job>('POST', `/batches/${id}/close`, {
      headers: { Prefer: 'respond-async', 'Idempotency-Key': key },
    }),
  /** The batch report's workbook (its headers are Vietnamese; the route takes no `lang`). */
  batchReportFile: (id: string) => download(`/reports/batches/${id}`, { format: 'xlsx' }, 'batch.xlsx'),

  receivers: (query: Query) => json<Page<Receiver>>('GET', '/receivers', { query }),
  importReceivers: (file: File, dryRun: boolean, provinceCode?: string) =>
    sendFile<ReceiverImportReport>('/receivers/import', file, { dryRun, provinceCode }),
  changeReceiver: (serial: string, input: ChangeReceiverInput) =>
    json<Receiver>('PATCH', `/receivers/${encodeURIComponent(serial)}`, { body: input }),
  inventory: (query: Query) => json<InventoryReport>('GET', '/reports/inventory', { query }),
  inventoryFile: (query: Query, format: SpreadsheetFormat, lang: 'vi' | 'en') =>
    download('/reports/inventory', { ...query, ...sheet(format, lang) }, `inventory.${format}`),

  acceptance: (query: { batchId?: string; areaCode?: string }) =>
    json<AcceptanceReport>('GET', '/reports/acceptance', { query }),
  acceptanceFile: (query: { batchId?: string; areaCode?: string }) =>
    download('/reports/acceptance', { ...query, format: 'xlsx' }, 'nghiem-thu.xlsx'),
  payment: (query: { areaCode?: string }) => json<PaymentTotals>('GET', '/reports/payment', { query }),
  paymentFile: (query: { areaCode?: string }) =>
    download('/reports/payment', { ...query, format: 'xlsx' }, 'thanh-toan.xlsx'),
  deliveriesFile: (query: { batchId?: string; communeCode?: string; status?: string }, lang: 'vi' | 'en') =>
    download('/deliveries', { ...query, ...sheet('xlsx', lang) }, 'danh-sach-ban-giao.xlsx'),

  drawSample: (body: { areaCode: string; seed?: string; size?: number; rate?: number; name?: string }) =>
    json<InspectionSample>('POST', '/inspections/samples', { body }),
  inspections: (query: Query) => json<Page<Inspection>>('GET', '/inspections', { query }),
  recordInspection: (id: string, body: { result: string; notes?: string; version?: number }) =>
    json<Inspection>('POST', `/inspections/${id}/result`, { body }),
  inspection: (id: string) => json<Inspection>('GET', `/inspections/${id}`),
  samples: (query: Query) => json<Page<SampleListItem>>('GET', '/inspections/samples', { query }),
  sampleFieldList: (id: string) => json<SampleFieldList>('GET', `/inspections/samples/${id}`),
  sampleFieldListFile: (id: string) =>
    download(`/inspections/samples/${id}`, { format: 'xlsx' }, 'danh-sach-kiem-tra.xlsx'),
  inspectionSummary: (query: Query) => json<InspectionSummary>('GET', '/inspections/summary', { query }),
};
