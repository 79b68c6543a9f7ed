import { findPage } from '../database/postgres-reads';
import { foldVietnamese } from '../vietnamese';
import { HouseholdModel } from './model';

// Possible duplicates are flagged, not blocked (DESIGN §4): the same folded head name in the same
// commune and village, or the same phone. The reviewer decides.

export interface PossibleDuplicate {
  householdId: string;
  grounds: 'name_village' | 'phone';
}

/** Up to 10 matching ids: one SQL query on the embedded default (findPage), else a find. */
async function idsOf(filter: Record<string, string>): Promise<{ _id: unknown }[]> {
  const page = await findPage<{ _id: unknown }>(HouseholdModel, {
    filter,
    sort: {},
    skip: 0,
    limit: 10,
    total: false,
    fields: [],
  });
  return page.docs;
}

export async function findPossibleDuplicates(
  communeCode: string,
  village: string,
  headName: string,
  phone: string | null,
  excludeId?: string,
): Promise<PossibleDuplicate[]> {
  const [byName, byPhone] = await Promise.all([
    idsOf({
      'area.communeCode': communeCode,
      villageFolded: foldVietnamese(village),
      'head.fullNameFolded': foldVietnamese(headName),
    }),
    phone ? idsOf({ phone }) : Promise.resolve([]),
  ]);
  const found = new Map<string, PossibleDuplicate>();
  for (const d of byName) found.set(String(d._id), { householdId: String(d._id), grounds: 'name_village' });
  for (const d of byPhone)
    if (!found.has(String(d._id))) found.set(String(d._id), { householdId: String(d._id), grounds: 'phone' });
  if (excludeId) found.delete(excludeId);
  return [...found.values()];
}
