import * as areas from '../areas/service';
import { REASON_TEXT } from './eligibility';
import type { Household, HouseholdListItem } from './shapes';

// What a list item carries beyond the household (the official's review queue, DESIGN §13): the
// commune's name, the ineligibility reasons in words, and the possible-duplicate flag with the other
// households' ids, so a reviewer reads names and reasons, never codes.

/**
 * The names of the communes of a page, in one read (areas.findAreas). One lookup per distinct commune
 * through FerretDB, in parallel, was what a province-wide page spent its time on: a name search's page
 * spans 15–20 communes, and its 15–20 lookups, each on its own FerretDB connection, took 40–60 ms of a
 * 70–110 ms answer at 35,000 households (the page's SQL took 3 ms; measured in postgresql.log).
 */
async function communeNames(codes: readonly string[]): Promise<Map<string, string>> {
  const found = await areas.findAreas(codes);
  return new Map([...found.values()].map((a) => [a.code, a.name]));
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
