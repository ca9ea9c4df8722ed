// Identical requests in flight share one piece of work; each caller can leave on its own, and the
// work stops when the last one has left.
import assert from 'node:assert/strict';
import { isPgaiError } from '../../../src/api/errors';
import { SharedRequests } from '../../../src/api/shared';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const cancelled = (error: unknown) => isPgaiError(error, 'cancelled');

describe('SharedRequests', () => {
  it('runs the work once for callers of the same key, and again once it is done', async () => {
    const shared = new SharedRequests<string>();
    let starts = 0;
    const work = deferred<string>();
    const start = () => {
      starts++;
      return work.promise;
    };
    const a = shared.run('k', undefined, start);
    const b = shared.run('k', new AbortController().signal, start);
    assert.equal(shared.size, 1);
    work.resolve('page');
    assert.deepEqual(await Promise.all([a, b]), ['page', 'page']);
    assert.equal(starts, 1);
    assert.equal(shared.size, 0, 'forgotten once done');
    await shared.run('k', undefined, () => Promise.resolve('again'));
    assert.equal(shared.size, 0);
  });

  it('a caller that leaves gets "cancelled"; the others still get the answer; the work goes on', async () => {
    const shared = new SharedRequests<string>();
    const work = deferred<string>();
    let abort: AbortSignal | undefined;
    const leaving = new AbortController();
    const first = shared.run('k', leaving.signal, (a) => {
      abort = a;
      return work.promise;
    });
    const staying = shared.run('k', new AbortController().signal, () => assert.fail('started twice'));
    leaving.abort();
    await assert.rejects(first, cancelled);
    assert.equal(abort?.aborted, false, 'the work was stopped while a caller still waits');
    work.resolve('page');
    assert.equal(await staying, 'page');
  });

  it('the work is aborted when the last caller leaves, and a later caller starts it afresh', async () => {
    const shared = new SharedRequests<string>();
    let abort: AbortSignal | undefined;
    const a = new AbortController();
    const b = new AbortController();
    const work = deferred<string>();
    const pa = shared.run('k', a.signal, (x) => {
      abort = x;
      return work.promise;
    });
    const pb = shared.run('k', b.signal, () => work.promise);
    a.abort();
    assert.equal(abort?.aborted, false);
    b.abort();
    assert.equal(abort?.aborted, true);
    await assert.rejects(pa, cancelled);
    await assert.rejects(pb, cancelled);
    assert.equal(shared.size, 0);
    let startedAgain = false;
    await shared.run('k', undefined, () => {
      startedAgain = true;
      return Promise.resolve('fresh');
    });
    assert.equal(startedAgain, true);
    work.resolve('late');
  });

  it('a failure reaches every caller once; a caller with an aborted signal never starts anything', async () => {
    const shared = new SharedRequests<string>();
    const work = deferred<string>();
    const a = shared.run('k', new AbortController().signal, () => work.promise);
    const b = shared.run('k', undefined, () => work.promise);
    work.reject(new Error('boom'));
    await assert.rejects(a, /boom/);
    await assert.rejects(b, /boom/);
    const gone = new AbortController();
    gone.abort();
    await assert.rejects(shared.run('k', gone.signal, () => assert.fail('started')), cancelled);
  });

  it('an answer after a caller left does not reach it twice (it stays cancelled)', async () => {
    const shared = new SharedRequests<string>();
    const work = deferred<string>();
    const leaving = new AbortController();
    const results: string[] = [];
    const first = shared.run('k', leaving.signal, () => work.promise).then(
      (v) => results.push(`value ${v}`),
      () => results.push('cancelled'),
    );
    const keep = shared.run('k', undefined, () => work.promise);
    leaving.abort();
    leaving.abort();
    work.resolve('page');
    await first;
    await keep;
    assert.deepEqual(results, ['cancelled']);
  });

  it('abortAll stops every piece of work and forgets it', async () => {
    const shared = new SharedRequests<string>();
    const aborts: AbortSignal[] = [];
    const works = [deferred<string>(), deferred<string>()];
    works.forEach((w, i) =>
      void shared.run(`k${i}`, undefined, (x) => {
        aborts.push(x);
        return w.promise;
      }).catch(() => undefined),
    );
    assert.equal(shared.size, 2);
    shared.abortAll();
    assert.deepEqual(aborts.map((x) => x.aborted), [true, true]);
    assert.equal(shared.size, 0);
    for (const w of works) w.resolve('late');
  });
});
