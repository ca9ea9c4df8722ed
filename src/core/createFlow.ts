// The state of the three-step "Create PG:AI Session" input (type → title → company), kept apart
// from the UI so that back/forward, prefill after a failure and validation are unit-tested.
// Nothing the user typed is ever dropped: going back keeps values, a failure reopens prefilled.
import type { CreateSessionInput, SessionType } from '../api/types';

const CREATE_STEPS = ['type', 'title', 'company'] as const;
export type CreateStep = (typeof CREATE_STEPS)[number];

/** What the user has entered so far (raw text; trimmed only when building the request). */
export interface CreateValues {
  readonly type: SessionType;
  readonly title: string;
  readonly companyId: string;
}

/** Where to (re)open the flow and with which values; `message` is shown on the first step shown. */
export interface CreatePrefill {
  readonly values: CreateValues;
  readonly step: CreateStep;
  readonly message?: string;
}

export const DEFAULT_TITLE = 'Untitled';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Empty is fine (no company); otherwise the text must be a UUID. Returns a message or undefined. */
export function validateCompanyId(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || UUID.test(trimmed)) return undefined;
  return 'A company ID is a UUID such as 0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10. Leave it empty for no company.';
}

export function isUuid(text: string): boolean {
  return UUID.test(text.trim());
}

/**
 * A title's length as the sandbox counts it: in characters (code points) of the trimmed text,
 * the text that is sent. A server that counts UTF-16 units instead counts at least as many, so
 * a title this check lets through may still be refused, but one it refuses never would be sent
 * successfully.
 */
export function titleLength(title: string): number {
  return [...title.trim()].length;
}

/** A limit phrase followed by its number: "at most 500", "maximum is 500", "exceeds 500", "<= 500". */
const LIMIT_THEN_NUMBER =
  /(?:\bat\s+most|\bno\s+(?:more|longer)\s+than|\bnot\s+(?:more|longer)\s+than|\bup\s+to|\bless\s+than\s+or\s+equal\s+to|\bmax(?:imum)?\b(?:\s+(?:length|size))?(?:\s+(?:is|of))?|\bexceeds?(?:\s+the)?(?:\s+max(?:imum)?)?(?:\s+(?:length|size))?(?:\s+of)?|<=|≤)\s*[:=(]?\s*(\d{1,7})\b/i;
/** "500 characters or fewer", "500 chars or less". */
const NUMBER_OR_FEWER = /\b(\d{1,7})\s*(?:characters?|chars?|code\s*points?)?\s+or\s+(?:fewer|less)\b/i;
/** "less than 501" (strictly): the limit is one below. */
const LESS_THAN = /\b(?:less|fewer|shorter)\s+than\s+(\d{1,7})\b/i;

/**
 * The longest title a server's 400 message allows, when it says so: "title must be at most 500
 * characters" (the sandbox), and the wordings of common validators ("title is too long (maximum
 * is 500 characters)", "ensure title has at most 500 characters", "title must be 500 characters
 * or fewer", "title length must be less than or equal to 500 characters long"). The message
 * must name the title; undefined otherwise, or when no plausible number is found.
 */
export function parseTitleLimit(message: string | undefined): number | undefined {
  if (typeof message !== 'string' || message.length > 2_000 || !/\btitle\b/i.test(message)) return undefined;
  const text = message.replace(/[\u00a0\u202f]/g, ' ').replace(/(\d)[,.\u2009 ](?=\d{3}\b)/g, '$1');
  let limit: number | undefined;
  const direct = LIMIT_THEN_NUMBER.exec(text) ?? NUMBER_OR_FEWER.exec(text);
  if (direct) limit = Number(direct[1]);
  else {
    const strict = LESS_THAN.exec(text);
    if (strict) limit = Number(strict[1]) - 1;
  }
  return limit !== undefined && Number.isSafeInteger(limit) && limit >= 1 ? limit : undefined;
}

/** A sentence for a title longer than `max` characters, else undefined (also when no limit is known). */
export function validateTitle(title: string, max: number | undefined, locale?: string): string | undefined {
  if (max === undefined) return undefined;
  const length = titleLength(title);
  if (length <= max) return undefined;
  const n = (value: number) => value.toLocaleString(locale);
  return `PG:AI accepts titles of up to ${n(max)} characters; this one has ${n(length)}. Shorten it, or leave it empty for "${DEFAULT_TITLE}".`;
}

/** The POST body: an empty title is left out so the server names it "Untitled". */
export function toCreateInput(values: CreateValues): CreateSessionInput {
  const title = values.title.trim();
  const companyId = values.companyId.trim();
  return {
    type: values.type,
    ...(title === '' ? {} : { title }),
    ...(companyId === '' ? {} : { companyId }),
  };
}

/** The step a server's 400 message most likely points at (title unless it names another field). */
export function stepForServerMessage(message: string | undefined): CreateStep {
  const text = (message ?? '').toLowerCase();
  if (/company|uuid/.test(text)) return 'company';
  if (/\btitle\b/.test(text)) return 'title';
  if (/\btype\b/.test(text)) return 'type';
  return 'title';
}

/** Reopens the flow after a failure with everything typed, at `step` (default: from the message). */
export function prefillAfterFailure(values: CreateValues, message?: string, step?: CreateStep): CreatePrefill {
  return { values, step: step ?? stepForServerMessage(message), ...(message === undefined ? {} : { message }) };
}

export class CreateFlow {
  private index: number;
  private current: CreateValues;
  /** A message to show on the next step displayed (e.g. the server's 400 message), then cleared. */
  private pendingMessage: string | undefined;
  /** Set once the last step was accepted. */
  done = false;

  /** The longest title PG:AI accepts, when a 400 said so (undefined: not known, not checked). */
  readonly titleMax: number | undefined;
  private readonly locale: string | undefined;

  constructor(start: { readonly type?: SessionType; readonly prefill?: CreatePrefill; readonly titleMax?: number; readonly locale?: string } = {}) {
    const prefill = start.prefill;
    this.titleMax = start.titleMax;
    this.locale = start.locale;
    this.current = prefill?.values ?? { type: start.type ?? 'chat', title: '', companyId: '' };
    this.index = prefill ? CREATE_STEPS.indexOf(prefill.step) : 0;
    this.pendingMessage = prefill?.message;
  }

  get step(): CreateStep {
    return CREATE_STEPS[this.index] ?? 'company';
  }

  /** 1-based, for the quick input's `step`. */
  get stepNumber(): number {
    return this.index + 1;
  }

  get totalSteps(): number {
    return CREATE_STEPS.length;
  }

  get values(): CreateValues {
    return this.current;
  }

  /** What is wrong with `title` (too long for a known limit), for the title step's live check. */
  titleProblem(title: string): string | undefined {
    return validateTitle(title, this.titleMax, this.locale);
  }

  /** Returns the pending message once (for the step about to be shown). */
  takeMessage(): string | undefined {
    const message = this.pendingMessage;
    this.pendingMessage = undefined;
    return message;
  }

  /** Records a value for the current step without moving (e.g. what was typed before Back). */
  update(values: Partial<CreateValues>): void {
    this.current = { ...this.current, ...values };
  }

  /**
   * Accepts the current step's value and moves on. Returns an inline message (and stays) when
   * the value is invalid; otherwise undefined. After the last step, `done` is true.
   */
  next(values: Partial<CreateValues> = {}): string | undefined {
    this.update(values);
    if (this.step === 'title') {
      const problem = validateTitle(this.current.title, this.titleMax, this.locale);
      if (problem !== undefined) return problem;
    }
    if (this.step === 'company') {
      const problem = validateCompanyId(this.current.companyId);
      if (problem !== undefined) return problem;
    }
    if (this.index === CREATE_STEPS.length - 1) {
      this.done = true;
    } else {
      this.index += 1;
    }
    return undefined;
  }

  /** Goes one step back, keeping every value (also `values` typed on the step being left). */
  back(values: Partial<CreateValues> = {}): void {
    this.update(values);
    this.done = false;
    if (this.index > 0) this.index -= 1;
  }
}
