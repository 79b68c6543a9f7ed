import type { Role } from './roles';

// The roles in words, where a person reads them: the web app's screens (web/src/shared/words-*.ts)
// and the spreadsheets (the audit trail's .xlsx) say them the same way.

export const ROLE_VI: Record<Role, string> = {
  admin: 'Quản trị hệ thống',
  official: 'Cán bộ huyện/tỉnh',
  commune_staff: 'Cán bộ xã',
  installer: 'Tổ lắp đặt',
};

export const ROLE_EN: Record<Role, string> = {
  admin: 'System administrator',
  official: 'District/province official',
  commune_staff: 'Commune staff',
  installer: 'Installer',
};
