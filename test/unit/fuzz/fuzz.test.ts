// A modest run of every fuzz property (the big run is `npm run fuzz`).
import { runLoopbackFuzz } from '../../fuzz/loopback';
import { properties } from '../../fuzz/properties';

describe('fuzz (short run; `npm run fuzz` runs 100,000+ inputs)', () => {
  for (const property of properties) {
    it(property.name, () => property.run(300));
  }

  it('the real client over loopback: always a page/session or a PgaiError, bounded, no POST retry, no key leak', async function () {
    this.timeout(20_000);
    await runLoopbackFuzz(60);
  });
});
