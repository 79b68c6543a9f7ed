import { formatDateTime, language, useWords } from '../shared/i18n';
import { householdPath } from '../shared/routes';
import { useStore } from '../shared/store';
import type { HouseholdListItem } from './api';
import { useOfficialWords } from './words';

// The review queue's page of households, with a check box each when they can be chosen, and its pager.

export function QueueTable(props: {
  items: HouseholdListItem[];
  /** Check boxes shown (households that can be approved or rejected together). */
  selectable: boolean;
  isSelected: (h: HouseholdListItem) => boolean;
  toggle: (h: HouseholdListItem) => void;
  /** Every household of the page chosen, or none of them. */
  togglePage: () => void;
  compare: (id: string) => void;
}) {
  const w = useWords();
  const o = useOfficialWords();
  const lang = useStore(language);
  const { items, selectable } = props;
  const pageAll = items.every(props.isSelected);
  return (
    <table class="list">
      <caption class="visually-hidden">{o.review.title}</caption>
      <thead>
        <tr>
          {selectable && (
            <th scope="col">
              <input
                type="checkbox"
                aria-label={o.review.selectPage}
                checked={pageAll}
                onChange={props.togglePage}
              />
            </th>
          )}
          {[
            o.review.head,
            o.review.commune,
            w.households.village,
            o.review.registeredAt,
            w.households.eligibility,
          ].map((label) => (
            <th scope="col" key={label}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((h) => (
          <tr key={h.id}>
            {selectable && (
              <td>
                <input
                  type="checkbox"
                  aria-label={o.review.select(h.head.fullName)}
                  checked={props.isSelected(h)}
                  onChange={() => props.toggle(h)}
                />
              </td>
            )}
            <th scope="row">
              <a href={householdPath(h.id)}>{h.head.fullName}</a>
              {h.needsDuplicateReview && (
                <>
                  {' '}
                  <button type="button" class="button small" onClick={() => props.compare(h.id)}>
                    {o.review.compare}
                  </button>
                </>
              )}
            </th>
            <td data-label={o.review.commune}>{h.communeName ?? '…'}</td>
            <td data-label={w.households.village}>{h.village}</td>
            <td data-label={o.review.registeredAt}>{formatDateTime(h.createdAt, lang)}</td>
            <td data-label={w.households.eligibility}>
              {h.eligibility.eligible
                ? w.households.eligible
                : `${w.households.ineligible}: ${h.eligibilityReasons.map((r) => r[lang]).join('; ')}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
