import { expect } from 'chai';
import { isResumable, jobStateOf, tallyResults } from '../../../src/jobs/status';

describe('jobs/status', () => {
  const now = new Date('2026-01-01T10:00:00Z');
  const later = new Date('2026-01-01T10:01:00Z');
  const earlier = new Date('2026-01-01T09:59:00Z');

  for (const [status, lease, state] of [
    ['running', later, 'running'],
    ['running', earlier, 'interrupted'],
    ['done', earlier, 'done'],
    ['failed', later, 'failed'],
  ] as const) {
    it(`when a ${status} job's lease ends ${lease === later ? 'later' : 'earlier'}, then it reads ${state}`, () => {
      expect(jobStateOf(status, lease, now)).to.equal(state);
    });
  }

  it('when a job failed or was interrupted, then it is resumable; running and done ones are not', () => {
    expect(['running', 'done', 'failed', 'interrupted'].filter((s) => isResumable(s as never))).to.deep.equal(
      ['failed', 'interrupted'],
    );
  });

  it('when results are tallied, then outcomes and skip reasons are counted apart', () => {
    const tally = tallyResults([
      { outcome: 'approved' },
      { outcome: 'skipped', reason: 'not_found' },
      { outcome: 'skipped', reason: 'not_found' },
      { outcome: 'skipped', reason: 'ineligible' },
    ]);

    expect(tally).to.deep.equal({
      counts: { approved: 1, skipped: 3 },
      reasons: { not_found: 2, ineligible: 1 },
    });
  });

  it('when there are no results, then both tallies are empty', () => {
    expect(tallyResults([])).to.deep.equal({ counts: {}, reasons: {} });
  });
});
