// The stateful test's short run (`npm run fuzz` runs 10,000 sequences). Seeded: a failure prints
// its seed and shrunk sequence; STATEFUL_SEED and STATEFUL_RUNS reproduce or lengthen a run.
import { runStateful } from '../../stateful/run';

const SEED = Number(process.env.STATEFUL_SEED ?? 20261201);
const RUNS = Number(process.env.STATEFUL_RUNS ?? 200);

describe('stateful: random sequences of user, window and server actions keep every promise', () => {
  it(`${RUNS} sequences (seed ${SEED})`, async function () {
    this.timeout(240_000);
    await runStateful(RUNS, SEED);
  });
});
