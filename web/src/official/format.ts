// The official's pages format days as every workspace does (shared/format-date.ts).
export { formatDay } from '../shared/format-date';
