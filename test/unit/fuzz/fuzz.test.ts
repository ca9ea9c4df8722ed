// A modest, seeded run of every fuzz property (the big run is `npm run fuzz`). A failure prints
// fast-check's seed and counterexample; FUZZ_SEED reruns with another seed.
import { runLoopbackFuzz } from '../../fuzz/loopback';
import { properties } from '../../fuzz/properties';

const SEED = Number(process.env.FUZZ_SEED ?? 1_201_2026);

describe(`fuzz (short run, seed ${SEED}; \`npm run fuzz\` runs 100,000+ inputs)`, () => {
  for (const property of properties) {
    it(property.name, () => property.run(300, SEED));
  }

  it('the real client over loopback: always a page/session or a PgaiError, bounded, no POST retry, no key leak', async function () {
    this.timeout(20_000);
    await runLoopbackFuzz(60, SEED);
  });
});
