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
  return 'A company id is a UUID such as 0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10. Leave it empty for no company.';
}

export function isUuid(text: string): boolean {
  return UUID.test(text.trim());
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

  constructor(start: { readonly type?: SessionType; readonly prefill?: CreatePrefill } = {}) {
    const prefill = start.prefill;
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
