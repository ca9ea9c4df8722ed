// A short soak (five simulated minutes) in the unit suite; `npm run soak` runs thirty with the
// heap check. Drives the real tree provider, auto-refresh, model and client against the sandbox
// with 10 % faults on a fake clock.
import assert from 'node:assert/strict';
import { runSoak } from '../../soak/soak';

describe('soak (5 simulated minutes; `npm run soak` runs 30)', () => {
  it('ends with no unhandled rejection, no duplicate, sandbox-exact groups, nothing left behind, no key in the log', async function () {
    this.timeout(30_000);
    const report = await runSoak({ minutes: 5, seed: 11, faultRate: 0.15 });
    assert.deepEqual(report.unhandledRejections, []);
    assert.deepEqual(report.duplicateProblems, []);
    assert.deepEqual(report.leftoverTimers, []);
    assert.equal(report.leftoverListeners, 0);
    assert.deepEqual(report.keyLeaks, []);
    assert.ok(report.logLinesChecked > 0, 'no log line was checked');
    assert.equal(report.authFailures, 0, 'a 401/403 with the valid key');
    assert.ok(report.finalGroups.length > 0);
    for (const [group, shown, expected] of report.finalGroups) assert.equal(shown, expected, `${group}: ${shown} shown, sandbox holds ${expected}`);
    // The run did real work: requests, faults, auto-refreshes, paging.
    assert.ok(report.requests > 20, `${report.requests} requests`);
    assert.ok(report.faultsFired > 0, 'no fault fired');
    assert.ok(report.autoRefreshes >= 8, `${report.autoRefreshes} auto-refreshes`);
  });
});
