import * as areas from '../areas/service';
import { NotFoundError, text, ValidationError } from '../errors';
import * as users from '../users/service';
import type { Actor } from '../users/roles';

// The checks of a batch's plan, at creation (service.ts) and at an edit (editing.ts): its communes,
// its installers and its planned dates. Each throws ValidationError naming the client's field.

/** The batch's communes must be communes of its province; the list is kept sorted and unique. */
export async function checkCommunes(provinceCode: string, codes: string[]): Promise<string[]> {
  const unique = [...new Set(codes)].sort();
  const problems = [];
  const found = await areas.findAreas(unique);
  for (const code of unique) {
    const area = found.get(code);
    const i = codes.indexOf(code); // the client's own index, so the web app can mark that field
    if (!area || area.level !== 'commune' || area.provinceCode !== provinceCode) {
      problems.push({
        path: `communeCodes.${i}`,
        type: 'commune.outside',
        message: text(
          `Các mã xã (mục ${i + 1}): ${code} không phải mã một xã của tỉnh ${provinceCode}`,
          `Commune codes (item ${i + 1}): ${code} is not a commune of province ${provinceCode}`,
        ),
      });
    }
  }
  if (problems.length) {
    throw new ValidationError(
      text('Danh sách xã có mã không hợp lệ', 'Some commune codes are not communes of the province'),
      problems,
    );
  }
  return unique;
}

/** Installers must be active installer accounts of the batch's province. */
export async function checkInstallers(provinceCode: string, ids: string[], actor: Actor): Promise<string[]> {
  const unique = [...new Set(ids)];
  const problems = [];
  for (const [i, id] of unique.entries()) {
    const user = await users.getUser(id, actor).catch((err: unknown) => {
      if (err instanceof NotFoundError) return null;
      throw err;
    });
    if (!user || user.role !== 'installer' || !user.active || user.scope?.provinceCode !== provinceCode) {
      problems.push({
        path: `installerIds.${i}`,
        type: 'installer.invalid',
        message: text(
          `installerIds: ${id} không phải thợ lắp đặt đang hoạt động của tỉnh ${provinceCode}`,
          `installerIds: ${id} is not an active installer of province ${provinceCode}`,
        ),
      });
    }
  }
  if (problems.length) {
    throw new ValidationError(text('Có thợ lắp đặt không hợp lệ', 'Some installers are not valid'), problems);
  }
  return unique;
}

export function checkDates(start: Date | null | undefined, end: Date | null | undefined): void {
  if (start && end && end < start) {
    throw new ValidationError(text('Ngày kết thúc trước ngày bắt đầu', 'plannedEnd is before plannedStart'), [
      {
        path: 'plannedEnd',
        type: 'date.order',
        message: text('plannedEnd: trước plannedStart', 'plannedEnd: before plannedStart'),
      },
    ]);
  }
}
