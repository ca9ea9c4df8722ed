// One fast-check seed for the whole unit run, printed when a test fails, so that a failing
// property can be run again exactly: FC_SEED=<seed> npm run test:unit.
import fc from 'fast-check';

const seed = process.env.FC_SEED !== undefined && Number.isInteger(Number(process.env.FC_SEED)) ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
fc.configureGlobal({ seed });

export const mochaHooks = {
  afterEach(this: Mocha.Context): void {
    if (this.currentTest?.state === 'failed') console.error(`      (fast-check seed of this run: FC_SEED=${seed})`);
  },
};
