// How far a list (households, the audit trail) counts its matches. Pure: services hand the cap to
// findPage.
//
// A list inside one commune (a commune has at most about 1,500 households) is counted exactly: it
// costs milliseconds, and a commune's clerk reads the figure as the size of their list. A wider list
// (a district, the province, the nation) counts at most LIST_TOTAL_CAP matches and then says "more
// than 1,000": counting every match grew with the province (35,000 households: 48 ms for the whole
// province, 5–20 ms for its review queue, ten times that at 200,000), while a person paging a
// province-wide list needs to know only that there is more than they will page through.

export const LIST_TOTAL_CAP = 1_000;

/** The cap of the total of a list with this (Mongo) filter: undefined (exact) within one commune. */
export function totalCapOf(filter: Readonly<Record<string, unknown>>): number | undefined {
  return typeof filter['area.communeCode'] === 'string' ? undefined : LIST_TOTAL_CAP;
}
