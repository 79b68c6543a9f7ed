import type { HouseholdStatus } from './status';

// The orders a household list (and the official's review queue) can be read in. Pure: the service
// hands the result to Mongo's sort. Every order ends with _id so pages never overlap or skip.

export const HOUSEHOLD_SORTS = ['createdAt', '-createdAt', 'headName', 'village', 'commune'] as const;
export type HouseholdSort = (typeof HOUSEHOLD_SORTS)[number];

export type SortSpec = Record<string, 1 | -1>;

/**
 * The review queue is oldest first (whoever registered first is reviewed first); every other list
 * is newest first unless a sort is asked for.
 */
export function defaultSort(status: HouseholdStatus | undefined): HouseholdSort {
  return status === 'registered' ? 'createdAt' : '-createdAt';
}

/**
 * The Mongo sort of `sort`. `village` and `commune` group by commune first (villages of different
 * communes share names), then village and head name, or registration time.
 */
export function sortSpecOf(sort: HouseholdSort): SortSpec {
  switch (sort) {
    case 'createdAt':
      return { createdAt: 1, _id: 1 };
    case '-createdAt':
      return { createdAt: -1, _id: -1 };
    case 'headName':
      return { 'head.fullNameFolded': 1, _id: 1 };
    case 'village':
      return { 'area.communeCode': 1, villageFolded: 1, 'head.fullNameFolded': 1, _id: 1 };
    case 'commune':
      return { 'area.communeCode': 1, createdAt: 1, _id: 1 };
  }
}
