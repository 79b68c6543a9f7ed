import { AUDIT_ACTION_EN, AUDIT_ACTION_VI } from '../audit/action-words';
import { FAILURE_REASON_EN, FAILURE_REASON_VI, type FailureReason } from '../batches/status';
import type { SheetColumn } from '../spreadsheets/xlsx';
import { SYSTEM_ACTOR, type Role } from '../users/roles';
import { ROLE_EN, ROLE_VI } from '../users/role-words';
import { SYSTEM_NAME, UNKNOWN_USER_NAME } from '../users/service';
import type { AuditLogEntry } from './audit-log-shapes';
import type { ReportLanguage } from './coverage-columns';

// The audit trail as a spreadsheet (GET /audit?format=xlsx): what the Nhật ký page shows, in the same
// words, then the codes a machine or a later check needs (the action, the entity and its id) as text.

const ROLE: Record<ReportLanguage, Record<Role, string>> = { vi: ROLE_VI, en: ROLE_EN };
const FAILURE = { vi: FAILURE_REASON_VI, en: FAILURE_REASON_EN };

const HEADERS = {
  vi: [
    'Thời gian',
    'Người thực hiện',
    'Vai trò',
    'Việc',
    'Đối tượng',
    'Địa bàn',
    'Lý do',
    'Mã việc',
    'Loại đối tượng',
    'Mã đối tượng',
    'Tên đăng nhập',
  ],
  en: [
    'Time',
    'Done by',
    'Role',
    'Action',
    'Concerning',
    'Area',
    'Reason',
    'Action code',
    'Entity type',
    'Entity id',
    'Username',
  ],
} as const;

const isSystem = (e: AuditLogEntry) => e.actor.id === SYSTEM_ACTOR.id;

function reasonOf(e: AuditLogEntry, lang: ReportLanguage): string | null {
  if (e.reason) return e.reason;
  if (!e.failureReason) return null;
  return FAILURE[lang][e.failureReason as FailureReason] ?? FAILURE[lang].other;
}

export function auditLogColumns(lang: ReportLanguage): SheetColumn<AuditLogEntry>[] {
  const h = HEADERS[lang];
  const actions = lang === 'vi' ? AUDIT_ACTION_VI : AUDIT_ACTION_EN;
  const system = lang === 'vi' ? SYSTEM_NAME : 'The system (automatic)';
  // An account deleted since: said so, as on the papers (its login name is in the last column).
  const unknown = lang === 'vi' ? UNKNOWN_USER_NAME : 'Unknown person';
  return [
    { header: h[0], kind: 'date', width: 18, value: (e) => new Date(e.at) },
    {
      header: h[1],
      kind: 'text',
      width: 26,
      value: (e) => (isSystem(e) ? system : (e.actor.fullName ?? unknown)),
    },
    {
      header: h[2],
      kind: 'text',
      width: 18,
      value: (e) => (isSystem(e) ? null : ROLE[lang][e.actor.role as Role]),
    },
    { header: h[3], kind: 'text', width: 32, value: (e) => actions[e.action] ?? e.action },
    { header: h[4], kind: 'text', width: 28, value: (e) => e.subject },
    { header: h[5], kind: 'text', width: 24, value: (e) => e.areaName },
    { header: h[6], kind: 'text', width: 30, value: (e) => reasonOf(e, lang) },
    { header: h[7], kind: 'text', width: 26, value: (e) => e.action },
    { header: h[8], kind: 'text', width: 16, value: (e) => e.entityType },
    { header: h[9], kind: 'text', width: 26, value: (e) => e.entityId },
    { header: h[10], kind: 'text', width: 22, value: (e) => e.actor.username },
  ];
}
