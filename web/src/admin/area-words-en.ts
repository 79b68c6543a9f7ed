import type { AreaLevel } from '../../../src/users/roles';
import type { AreaWords } from './area-words-vi';

// The admin's areas page in English (area-words-vi.ts first).

const n = (v: number) => v.toLocaleString('en-GB');

export const areaWordsEn: AreaWords = {
  title: 'Areas',
  intro:
    'The administrative units the system uses. Households, users, targets and installation batches all belong to them.',
  inUse: 'List in use',
  source: (source: string, twoLevel: boolean) =>
    `${/^\d{4}$/.test(source) ? `The ${source} list` : `The list from ${source}`} (${twoLevel ? 'two levels: province – commune' : 'three levels: province – district – commune'})`,
  noList: 'No list yet. Upload one under “Update the list” below.',
  counts: (c: Record<AreaLevel, number>) =>
    [
      `${n(c.province)} provinces`,
      ...(c.district ? [`${n(c.district)} districts`] : []),
      `${n(c.commune)} communes`,
    ].join(' · '),
  lastImport: (at: string, created: number, updated: number) =>
    `Last updated: ${at} (${n(created)} added, ${n(updated)} changed).`,
  inAudit: 'See it in the audit trail',

  browseTitle: 'The units of the list',
  search: 'Search by name',
  searchHint: 'With or without Vietnamese marks, e.g. tan son',
  level: 'Level',
  allLevels: 'All levels',
  levels: { province: 'Provinces', district: 'Districts', commune: 'Communes' },
  find: 'Search',
  clear: 'Clear',
  country: 'Whole country',
  found: (total: number) => `${n(total)} units`,
  empty: 'No unit matches. Try another name or clear the level.',
  noChildren: 'This unit has no units below it.',
  cols: { name: 'Name', type: 'Type', code: 'Code', parent: 'Part of', notes: 'Targets, switch-off date' },
  open: (name: string) => `See the units of ${name}`,
  targets: (poor: number, nearPoor: number, year: number) =>
    `${n(poor)} poor, ${n(nearPoor)} near-poor households (${year} list)`,
  noTargets: 'No targets yet',
  switchOff: (day: string) => `Analog switch-off: ${day}`,
  noSwitchOff: 'No switch-off date yet',

  updateTitle: 'Update the list',
  updateIntro:
    'When the State merges, renames or creates administrative units, upload the new list: the Excel or CSV file exported from the statistics office’s list of administrative units. The system checks it first and shows you the changes; it writes only when you press “Update the list”. Targets and switch-off dates already entered are kept.',
  columnsHint:
    'The file needs the columns Mã tỉnh (or Mã TP), Tỉnh/Thành phố, Mã xã (or Mã PX), Xã/Phường; it may also have Mã huyện, Quận/Huyện, Cấp. Title, total and signature rows are skipped.',
  check: 'Check the file',
  fileHas: (c: Record<AreaLevel, number>) =>
    `The file has ${n(c.province)} provinces${c.district ? `, ${n(c.district)} districts` : ''} and ${n(c.commune)} communes.`,
  compared: (created: number, updated: number, unchanged: number) =>
    `Against the list in use: ${n(created)} new units, ${n(updated)} renamed, retyped or moved, ${n(unchanged)} unchanged.`,
  notInList: (count: number) =>
    `${n(count)} units in use are not in the file (usually merged). They are kept, since households and users may belong to them:`,
  skipped: (rows: number[]) =>
    `Skipped ${n(rows.length)} rows with no unit code (titles, totals, signatures): row ${rows.slice(0, 20).join(', ')}${rows.length > 20 ? '…' : ''}.`,
  changesTitle: 'Changes',
  changeCols: { code: 'Code', before: 'Now', after: 'In the file' },
  newUnit: 'None yet (a new unit)',
  under: 'part of',
  moreChanges: (shown: number, total: number) => `Showing ${n(shown)} of ${n(total)} changes.`,
  hasProblems: (count: number) =>
    `The file has ${n(count)} problem rows, so the list cannot be updated yet. Fix the rows below in the file and choose it again.`,
  sameAsInUse: 'The list in use already matches this file; there is nothing to update.',
  apply: 'Update the list',
  applied: (created: number, updated: number) => `List updated: ${n(created)} added, ${n(updated)} changed.`,
};
