import * as areas from '../areas/service';
import { REASON_TEXT } from './eligibility';
import type { Household, HouseholdListItem } from './shapes';

// What a list item carries beyond the household (the official's review queue, DESIGN §13): the
// commune's name, the ineligibility reasons in words, and the possible-duplicate flag with the other
// households' ids, so a reviewer reads names and reasons, never codes.

/** The names of the communes of a page, one lookup per distinct commune (a page holds a few). */
async function communeNames(codes: readonly string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(codes)];
  const found = await Promise.all(distinct.map((code) => areas.findArea(code)));
  return new Map(found.flatMap((a) => (a ? [[a.code, a.name] as [string, string]] : [])));
}

export async function toListItems(households: readonly Household[]): Promise<HouseholdListItem[]> {
  const names = await communeNames(households.map((h) => h.area.communeCode));
  return households.map((h) => ({
    ...h,
    communeName: names.get(h.area.communeCode) ?? null,
    eligibilityReasons: h.eligibility.reasons.map((code) => ({ code, ...REASON_TEXT[code] })),
    duplicate: {
      flagged: h.needsDuplicateReview,
      householdIds: h.possibleDuplicates.map((p) => p.householdId),
    },
  }));
}
