import { AUDIT_ACTION_EN } from '../../../src/audit/action-words';
import type { AuditWords } from './audit-words-vi';

const n = (v: number) => v.toLocaleString('en');

export const auditEn: AuditWords = {
  title: 'Audit trail',
  intro: 'Every change in the area: who did it, when, to which household, batch or receiver. Newest first.',
  commune: 'Commune',
  allCommunes: 'All communes',
  action: 'Action',
  allActions: 'All actions',
  from: 'From',
  to: 'To',
  apply: 'Filter',
  download: 'Download the filtered trail (.xlsx)',
  clear: 'Clear filters',
  byActor: (name: string) => `Only the actions of ${name}`,
  onlyThisPerson: (name: string) => `Only ${name}'s actions`,
  found: (total: number) => `${n(total)} entries`,
  foundMore: (total: number) => `More than ${n(total)} entries`,
  empty: 'No entry matches. Remove a filter or pick other dates.',
  badPeriod: '"From" must be on or before "To".',
  cols: {
    at: 'Time',
    actor: 'Done by',
    action: 'Action',
    subject: 'Concerning',
    area: 'Area',
    reason: 'Reason',
  },
  unknownActor: 'Account no longer exists',
  otherAction: 'Other change',
  groups: {
    household: 'Households',
    delivery: 'Deliveries',
    batch: 'Batches',
    receiver: 'Receivers',
    inspection: 'Inspections',
    area: 'Areas',
    user: 'Accounts',
    backup: 'Backups',
  },
  actions: AUDIT_ACTION_EN,
};
