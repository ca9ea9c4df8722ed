import assert from 'node:assert/strict';
import {
  CreateFlow,
  isUuid,
  parseTitleLimit,
  prefillAfterFailure,
  stepForServerMessage,
  toCreateInput,
  titleLength,
  validateCompanyId,
  validateTitle,
} from '../../../src/core/createFlow';
import { TYPE_CHOICES } from '../../../src/core/sessions/typeInfo';

const COMPANY = '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10';

describe('CreateFlow', () => {
  it('walks type → title → company with a step counter', () => {
    const flow = new CreateFlow();
    assert.equal(flow.step, 'type');
    assert.equal(flow.stepNumber, 1);
    assert.equal(flow.totalSteps, 3);
    assert.equal(flow.values.type, 'chat');
    assert.equal(flow.next({ type: 'email' }), undefined);
    assert.equal(flow.step, 'title');
    assert.equal(flow.stepNumber, 2);
    flow.next({ title: 'Q3 outreach' });
    assert.equal(flow.step, 'company');
    assert.equal(flow.stepNumber, 3);
    assert.equal(flow.done, false);
    flow.next({ companyId: COMPANY });
    assert.equal(flow.done, true);
    assert.deepEqual(toCreateInput(flow.values), { type: 'email', title: 'Q3 outreach', companyId: COMPANY });
  });

  it('preselects the type it was started with', () => {
    const flow = new CreateFlow({ type: 'plan' });
    assert.equal(flow.values.type, 'plan');
    assert.equal(flow.step, 'type');
  });

  it('keeps every value when going back and forward again', () => {
    const flow = new CreateFlow();
    flow.next({ type: 'document' });
    flow.next({ title: 'Draft' });
    flow.back({ companyId: 'half-typed' });
    assert.equal(flow.step, 'title');
    assert.equal(flow.values.title, 'Draft');
    flow.back({ title: 'Draft 2' });
    assert.equal(flow.step, 'type');
    assert.deepEqual(flow.values, { type: 'document', title: 'Draft 2', companyId: 'half-typed' });
    flow.back();
    assert.equal(flow.step, 'type', 'back on the first step stays');
    flow.next();
    flow.next();
    assert.equal(flow.step, 'company');
    assert.equal(flow.values.companyId, 'half-typed');
  });

  it('refuses a malformed company id inline and stays on the step', () => {
    const flow = new CreateFlow({ prefill: { values: { type: 'chat', title: 't', companyId: '' }, step: 'company' } });
    const message = flow.next({ companyId: 'acme' });
    assert.match(message ?? '', /UUID/);
    assert.equal(flow.step, 'company');
    assert.equal(flow.done, false);
    assert.equal(flow.values.companyId, 'acme', 'what was typed is kept');
    assert.equal(flow.next({ companyId: '' }), undefined);
    assert.equal(flow.done, true);
  });

  it('reopens after a failure with everything typed, at the step the message points to, showing it once', () => {
    const flow = new CreateFlow();
    flow.next({ type: 'project' });
    flow.next({ title: 'x'.repeat(600) });
    flow.next({ companyId: COMPANY });
    const prefill = prefillAfterFailure(flow.values, 'title must be at most 500 characters');
    const reopened = new CreateFlow({ prefill });
    assert.equal(reopened.step, 'title');
    assert.equal(reopened.stepNumber, 2);
    assert.deepEqual(reopened.values, { type: 'project', title: 'x'.repeat(600), companyId: COMPANY });
    assert.equal(reopened.takeMessage(), 'title must be at most 500 characters');
    assert.equal(reopened.takeMessage(), undefined);
    reopened.back();
    assert.equal(reopened.values.title, 'x'.repeat(600));
  });

  it('with a known title limit, refuses a longer title on the title step and keeps it', () => {
    const flow = new CreateFlow({ titleMax: 10, locale: 'en-US' });
    flow.next({ type: 'chat' });
    const message = flow.next({ title: 'x'.repeat(11) });
    assert.equal(message, 'PG:AI accepts titles of up to 10 characters; this one has 11. Shorten it, or leave it empty for "Untitled".');
    assert.equal(flow.step, 'title', 'stays on the title');
    assert.equal(flow.values.title, 'x'.repeat(11));
    assert.equal(flow.titleProblem('x'.repeat(10)), undefined);
    assert.equal(flow.next({ title: ` ${'x'.repeat(10)} ` }), undefined, 'the trimmed title is what counts');
    assert.equal(flow.step, 'company');
    const unlimited = new CreateFlow();
    unlimited.next();
    assert.equal(unlimited.next({ title: 'x'.repeat(5_000) }), undefined, 'no limit known: nothing is checked locally');
    assert.equal(unlimited.step, 'company');
  });

  it('a prefill can name the step explicitly (e.g. "Try Again" from the start)', () => {
    const prefill = prefillAfterFailure({ type: 'chat', title: 'a', companyId: '' }, undefined, 'type');
    const flow = new CreateFlow({ prefill });
    assert.equal(flow.step, 'type');
    assert.equal(flow.takeMessage(), undefined);
    assert.equal(flow.values.title, 'a');
  });
});

describe('create flow helpers', () => {
  it('validates the company field: empty ok, else UUID shape', () => {
    assert.equal(validateCompanyId(''), undefined);
    assert.equal(validateCompanyId('   '), undefined);
    assert.equal(validateCompanyId(COMPANY), undefined);
    assert.equal(validateCompanyId(` ${COMPANY.toUpperCase()} `), undefined);
    for (const bad of ['acme', `${COMPANY}x`, COMPANY.replace(/-/g, ''), '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c1g']) {
      assert.match(validateCompanyId(bad) ?? '', /UUID/, bad);
    }
  });

  it('leaves out an empty title and company so the server says "Untitled"', () => {
    assert.deepEqual(toCreateInput({ type: 'chat', title: '   ', companyId: '' }), { type: 'chat' });
    assert.deepEqual(toCreateInput({ type: 'plan', title: '  Hi  ', companyId: ` ${COMPANY} ` }), {
      type: 'plan',
      title: 'Hi',
      companyId: COMPANY,
    });
  });

  it('learns a title limit from a 400 message, tolerantly', () => {
    const said: [string, number | undefined][] = [
      ['title must be at most 500 characters', 500], // the sandbox
      ['Title must be at most 1,000 characters.', 1000],
      ['title is too long (maximum is 255 characters)', 255],
      ['title: ensure this value has at most 80 characters (it has 81)', 80],
      ['"title" length must be less than or equal to 200 characters long', 200],
      ['title must be 120 characters or fewer', 120],
      ['title must be shorter than 501 characters', 500],
      ['Title exceeds the maximum length of 300', 300],
      ['title has 612 characters; max 500', 500],
      ['title: max length is 64', 64],
      ['TITLE MUST BE AT MOST 42 CHARACTERS', 42],
      ['company_id must be a UUID', undefined],
      ['must be at most 500 characters', undefined], // does not name the title
      ['title must be a string', undefined],
      ['title must be at most 0 characters', undefined],
      ['', undefined],
    ];
    for (const [message, limit] of said) assert.equal(parseTitleLimit(message), limit, message);
    assert.equal(parseTitleLimit(undefined), undefined);
    assert.equal(parseTitleLimit(`title must be at most 5 characters ${'x'.repeat(5_000)}`), undefined, 'a huge message is not searched');
  });

  it('counts a title in characters, as sent (trimmed), never splitting a surrogate pair', () => {
    assert.equal(titleLength('  abc  '), 3);
    assert.equal(titleLength('😀😀'), 2);
    assert.equal(validateTitle('😀😀', 2), undefined);
    assert.match(validateTitle('😀😀😀', 2) ?? '', /up to 2 characters; this one has 3/);
    assert.equal(validateTitle('x'.repeat(10_000), undefined), undefined);
  });

  it('guesses the step a 400 message is about', () => {
    assert.equal(stepForServerMessage('title must be at most 500 characters'), 'title');
    assert.equal(stepForServerMessage('company_id must be a UUID'), 'company');
    assert.equal(stepForServerMessage('invalid type'), 'type');
    assert.equal(stepForServerMessage('Bad request'), 'title');
    assert.equal(stepForServerMessage(undefined), 'title');
  });

  it('offers the seven documented types, chat first, each with an icon and a description', () => {
    assert.equal(TYPE_CHOICES.length, 7);
    assert.equal(TYPE_CHOICES[0]?.key, 'chat');
    assert.equal(new Set(TYPE_CHOICES.map((t) => t.key)).size, 7);
    for (const info of TYPE_CHOICES) {
      assert.ok(info.icon && info.description && info.label, info.key);
    }
  });

  it('starts on the type step with chat and nothing typed', () => {
    const flow = new CreateFlow();
    assert.deepEqual(flow.values, { type: 'chat', title: '', companyId: '' });
    assert.deepEqual([flow.step, flow.stepNumber, flow.totalSteps, flow.done], ['type', 1, 3, false]);
    assert.equal(flow.takeMessage(), undefined);
  });

  it('going back after the last step was accepted is not done any more', () => {
    const flow = new CreateFlow();
    flow.next();
    flow.next({ title: 'T' });
    assert.equal(flow.next({ companyId: '' }), undefined);
    assert.equal(flow.done, true);
    flow.back();
    assert.equal(flow.done, false);
    assert.equal(flow.step, 'title');
    flow.back();
    flow.back();
    assert.deepEqual([flow.step, flow.stepNumber], ['type', 1], 'never before the first step');
  });

  it('a prefill without a message carries none; with one, exactly it', () => {
    const values = { type: 'plan' as const, title: 'x', companyId: '' };
    assert.deepEqual(prefillAfterFailure(values), { values, step: 'title' });
    assert.deepEqual(prefillAfterFailure(values, 'Bad company_id'), { values, step: 'company', message: 'Bad company_id' });
    assert.deepEqual(prefillAfterFailure(values, 'whatever', 'type'), { values, step: 'type', message: 'whatever' });
  });

  it('a message naming both the title and the type points at the title', () => {
    assert.equal(stepForServerMessage('title and type are invalid'), 'title');
    assert.equal(stepForServerMessage('Invalid TYPE'), 'type');
    assert.equal(stepForServerMessage(undefined), 'title');
  });

  it('isUuid ignores surrounding blanks and any case', () => {
    assert.equal(isUuid(` ${COMPANY.toUpperCase()} `), true);
    assert.equal(isUuid(`${COMPANY}0`), false);
    assert.equal(isUuid(''), false);
  });
});
