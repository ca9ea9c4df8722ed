import * as assert from 'node:assert/strict';
import {
  baseQuery,
  DEFAULT_SETTINGS,
  filterMessage,
  filtersActive,
  readSettings,
  type SessionsSettings,
} from '../../../../src/core/sessions/sessionsSettings';

function settingsFrom(values: Record<string, unknown>): SessionsSettings {
  return readSettings((key) => values[key]);
}

describe('core/sessions/sessionsSettings', () => {
  it('defaults when nothing is set', () => {
    assert.deepEqual(settingsFrom({}), DEFAULT_SETTINGS);
    assert.deepEqual(baseQuery(DEFAULT_SETTINGS), { perPage: 25, sortBy: 'updated_at', sortOrder: 'desc' });
  });

  it('maps filters, sort and page size onto the API query', () => {
    const s = settingsFrom({
      'filter.status': ' active ',
      'filter.type': ['email', 'chat', 'bogus', 'chat'],
      'filter.companyId': '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10',
      'filter.search': 'acme',
      sortBy: 'created_at',
      sortOrder: 'asc',
      pageSize: 40,
      groupBy: 'status',
    });
    assert.deepEqual(s.filter.types, ['chat', 'email'], 'deduplicated, documented order, unknown dropped');
    assert.equal(s.groupBy, 'status');
    assert.deepEqual(baseQuery(s), {
      perPage: 40,
      status: 'active',
      companyId: '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10',
      search: 'acme',
      sortBy: 'created_at',
      sortOrder: 'asc',
    });
  });

  it('clamps the page size to 1..50 and auto-refresh to 0 or ≥ 30', () => {
    assert.equal(settingsFrom({ pageSize: 500 }).pageSize, 50);
    assert.equal(settingsFrom({ pageSize: 0 }).pageSize, 1);
    assert.equal(settingsFrom({ pageSize: -3 }).pageSize, 1);
    assert.equal(settingsFrom({ pageSize: 'x' }).pageSize, 25);
    assert.equal(settingsFrom({ pageSize: 12.7 }).pageSize, 12);
    assert.equal(settingsFrom({ autoRefreshSeconds: 5 }).autoRefreshSeconds, 30);
    assert.equal(settingsFrom({ autoRefreshSeconds: 0 }).autoRefreshSeconds, 0);
    assert.equal(settingsFrom({ autoRefreshSeconds: 90 }).autoRefreshSeconds, 90);
    assert.equal(settingsFrom({ groupBy: 'nonsense' }).groupBy, 'typeThenStatus');
  });

  it('leaves empty filters out and says which filters are active', () => {
    const none = settingsFrom({ 'filter.status': '', 'filter.search': '   ' });
    assert.equal(filtersActive(none), false);
    assert.equal(filterMessage(none), undefined);
    assert.equal('status' in baseQuery(none), false);
    assert.equal('search' in baseQuery(none), false);
    const some = settingsFrom({ 'filter.status': 'active', 'filter.type': ['chat', 'email'] });
    assert.equal(filtersActive(some), true);
    assert.equal(filterMessage(some), 'Filtered: status = active · type = Chat, Email');
    assert.equal(filterMessage(settingsFrom({ 'filter.search': 'q\u202E\u0000x' })), 'Filtered: search = “qx”');
  });
});
