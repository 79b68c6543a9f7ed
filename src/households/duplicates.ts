import { foldVietnamese } from '../vietnamese';
import { HouseholdModel } from './model';

// Possible duplicates are flagged, not blocked (DESIGN §4): the same folded head name in the same
// commune and village, or the same phone. The reviewer decides.

export interface PossibleDuplicate {
  householdId: string;
  grounds: 'name_village' | 'phone';
}

export async function findPossibleDuplicates(
  communeCode: string,
  village: string,
  headName: string,
  phone: string | null,
  excludeId?: string,
): Promise<PossibleDuplicate[]> {
  const [byName, byPhone] = await Promise.all([
    HouseholdModel.find(
      {
        'area.communeCode': communeCode,
        villageFolded: foldVietnamese(village),
        'head.fullNameFolded': foldVietnamese(headName),
      },
      { _id: 1 },
    )
      .limit(10)
      .lean(),
    phone ? HouseholdModel.find({ phone }, { _id: 1 }).limit(10).lean() : Promise.resolve([]),
  ]);
  const found = new Map<string, PossibleDuplicate>();
  for (const d of byName) found.set(String(d._id), { householdId: String(d._id), grounds: 'name_village' });
  for (const d of byPhone)
    if (!found.has(String(d._id))) found.set(String(d._id), { householdId: String(d._id), grounds: 'phone' });
  if (excludeId) found.delete(excludeId);
  return [...found.values()];
}
