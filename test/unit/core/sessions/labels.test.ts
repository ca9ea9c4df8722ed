// The words of error items (the row drops the request id, the hover keeps it) and sessions.
import * as assert from 'node:assert/strict';
import { PgaiError } from '../../../../src/api/errors';
import { errorLabel, errorTooltip, sessionDescription, underStatusGroup } from '../../../../src/core/sessions/labels';
import type { GroupNode } from '../../../../src/core/sessions/nodes';
import type { Stream } from '../../../../src/core/sessions/stream';
import { session } from './factories';

function failed(error: PgaiError): Stream {
  return { error, retryAt: undefined } as unknown as Stream;
}

describe('core/sessions/labels: error item', () => {
  it('the row leaves out the trailing request id; the tooltip keeps it', () => {
    const stream = failed(
      new PgaiError('server', 'PG:AI had a server error (503); try again later.', { status: 503, requestId: 'req_0a' }),
    );
    assert.equal(errorLabel(stream, 0), 'PG:AI had a server error (503); try again later.');
    assert.equal(errorTooltip(stream, 0), 'PG:AI had a server error (503); try again later. Request id: req_0a.\nSelect to retry.');
  });

  it('keeps a message that does not end with its request id as it is', () => {
    const stream = failed(new PgaiError('connection', 'Could not reach PG:AI (connection refused).', { requestId: 'req_zz' }));
    assert.equal(errorLabel(stream, 0), 'Could not reach PG:AI (connection refused).');
    const noId = failed(new PgaiError('server', 'PG:AI had a server error (500); try again later.', { status: 500 }));
    assert.equal(errorLabel(noId, 0), 'PG:AI had a server error (500); try again later.');
  });

  it('no error: empty strings', () => {
    assert.equal(errorLabel({ error: undefined } as unknown as Stream, 0), '');
    assert.equal(errorTooltip({ error: undefined } as unknown as Stream, 0), '');
  });
});

describe('core/sessions/labels: session description', () => {
  const now = Date.parse('2026-03-02T14:00:00.000Z');
  const s = session({ status: 'in_progress', updatedAt: '2026-03-02T12:00:00.000Z' });

  it('says status and relative time, or only the time inside a status group', () => {
    assert.equal(sessionDescription(s, now), 'In progress · 2 h ago');
    assert.equal(sessionDescription(s, now, false), '2 h ago');
    const timeless = session({ status: 'completed', updatedAt: 'not a date', createdAt: undefined });
    assert.equal(sessionDescription(timeless, now), 'Completed');
    assert.equal(sessionDescription(timeless, now, false), '');
  });

  it('underStatusGroup looks at every ancestor', () => {
    const status = { dimension: 'status', parent: undefined } as unknown as GroupNode;
    const typeUnderStatus = { dimension: 'type', parent: status } as unknown as GroupNode;
    const type = { dimension: 'type', parent: undefined } as unknown as GroupNode;
    assert.equal(underStatusGroup({ parent: status }), true);
    assert.equal(underStatusGroup({ parent: typeUnderStatus }), true);
    assert.equal(underStatusGroup({ parent: type }), false);
    assert.equal(underStatusGroup({ parent: undefined }), false);
  });
});
