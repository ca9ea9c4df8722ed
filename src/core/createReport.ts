// What the user is told about a create's outcome: one message, how serious it is, and the
// actions that fit it. Pure, so every sentence is unit-tested; the command shows it and runs
// the chosen action.
import { KEY_PROBLEM_SENTENCE, keyProblemOf, type PgaiError, withRequestId } from '../api/errors';
import type { Session } from '../api/types';
import { DEFAULT_TITLE, parseTitleLimit, validateTitle, type CreateValues } from './createFlow';
import type { CreateOutcome } from './createSession';
import { displayText, sessionLabel } from './sessions/text';

type CreateAction = 'Try Again' | 'Open Details' | 'Refresh Sessions' | 'Pick the Session' | 'Update API Key' | 'Set API Key' | 'Open Setting';

export interface CreateReport {
  /** Empty when there is nothing to say (the user cancelled). */
  readonly message: string;
  readonly severity: 'info' | 'error';
  readonly actions: readonly CreateAction[];
  /** The input reopens at once with the message on the step it names (a 400), instead of a notification. */
  readonly reopenNow?: boolean;
}

/** The session's title as shown in messages: the server's, else what was typed, else the default. */
export function titleOf(values: CreateValues, session?: Session): string {
  return sessionLabel(session?.title?.trim() || values.title.trim() || DEFAULT_TITLE);
}

function whatFailed(error: PgaiError): string {
  if (error.kind === 'server') return `PG:AI answered with a server error (${error.status ?? '5xx'})`;
  if (error.kind === 'timeout') return 'PG:AI did not answer in time';
  if (error.kind === 'invalidResponse') return 'PG:AI’s answer could not be read';
  if (error.kind === 'cancelled') return 'The request was interrupted';
  return 'The connection failed';
}

/** How much of a server's 400 message is quoted. */
const SERVER_MESSAGE_MAX = 300;

/**
 * A 400 in words, for the step it concerns: a title limit says how long the title is against
 * it ("PG:AI accepts titles of up to 500 characters; this one has 612. …"); anything else quotes
 * the server's message, cleaned to one line and capped.
 */
function badRequestSentence(error: PgaiError, values: CreateValues, locale?: string): string {
  const said = displayText(error.serverMessage ?? error.message, SERVER_MESSAGE_MAX);
  const quoted = /[.!?…]$/.test(said) ? said : `${said}.`;
  const max = parseTitleLimit(error.serverMessage);
  if (max !== undefined) return validateTitle(values.title, max, locale) ?? `PG:AI did not accept the title: ${quoted}`;
  return `PG:AI did not accept the session: ${quoted}`;
}

function notCreated(error: PgaiError, certain: boolean, title: string, values: CreateValues, locale: string | undefined): CreateReport {
  if (!certain) {
    return { message: `${whatFailed(error)} and the session “${title}” is not among the newest sessions, so it was probably not created (${withRequestId(error)}).`, severity: 'error', actions: ['Try Again'] };
  }
  const problem = keyProblemOf(error);
  if (problem) return { message: `Could not create the session: ${KEY_PROBLEM_SENTENCE[problem]}`, severity: 'error', actions: ['Update API Key'] };
  if (error.kind === 'badRequest') {
    return { message: badRequestSentence(error, values, locale), severity: 'error', actions: ['Try Again'], reopenNow: true };
  }
  return { message: `Could not create the session: ${withRequestId(error)}`, severity: 'error', actions: ['Try Again'] };
}

/** `locale`: for the numbers in a sentence (VS Code's display language). */
export function outcomeReport(outcome: CreateOutcome, values: CreateValues, locale?: string): CreateReport {
  const title = titleOf(values);
  switch (outcome.kind) {
    case 'created': {
      const how = outcome.confirmedBy === 'answer' ? '' : ' (PG:AI’s answer was lost, but reading back found it)';
      return { message: `Created session “${titleOf(values, outcome.session)}”${how}.`, severity: 'info', actions: ['Open Details'] };
    }
    case 'createdUnseen':
      return {
        message:
          outcome.matches.length > 1
            ? `PG:AI created the session “${title}”, but did not say which of ${outcome.matches.length} new sessions with that title it is. The view was refreshed.`
            : `PG:AI created the session “${title}”, but its answer did not include it. The view was refreshed; it appears there once PG:AI lists it.`,
        severity: 'info',
        actions: outcome.matches.length > 1 ? ['Pick the Session'] : ['Refresh Sessions'],
      };
    case 'ambiguous':
      return {
        message:
          outcome.matches.length === 1
            ? `${whatFailed(outcome.error)} while creating “${title}”, and a session with that title was created around then. It may be yours: look at it before trying again.`
            : `${whatFailed(outcome.error)} while creating “${title}”, and ${outcome.matches.length} sessions with that title were created around then, so yours cannot be told apart. Pick yours, or refresh the view.`,
        severity: 'error',
        actions: ['Pick the Session', 'Refresh Sessions'],
      };
    case 'unknown':
      return {
        message: `${whatFailed(outcome.error)} while creating “${title}” (${withRequestId(outcome.error)}), and checking whether it was created failed too. Refresh the view before trying again, so that it is not created twice.`,
        severity: 'error',
        actions: ['Refresh Sessions', 'Try Again'],
      };
    case 'notCreated':
      return notCreated(outcome.error, outcome.certain, title, values, locale);
    case 'cancelled':
      return { message: '', severity: 'info', actions: [] };
  }
}

/** The log's line for an outcome (no key, no title: ids, kinds, statuses and request ids). */
export function outcomeLogLine(outcome: CreateOutcome, type: string): { readonly level: 'info' | 'warn'; readonly line: string } {
  switch (outcome.kind) {
    case 'created':
      return { level: 'info', line: `Created session ${outcome.session.id} (${type})${outcome.confirmedBy === 'readBack' ? ', found by reading back after an unknown outcome' : ''}.` };
    case 'cancelled':
      return { level: 'info', line: 'Creating a session was cancelled.' };
    case 'createdUnseen':
      return { level: 'warn', line: `PG:AI answered 2xx to a create without the session; reading back found ${outcome.matches.length} candidate(s).` };
    case 'unknown': {
      const readBack = outcome.readBackError instanceof Error ? outcome.readBackError.message : String(outcome.readBackError);
      return { level: 'warn', line: `Creating a session: outcome unknown (${withRequestId(outcome.error)}); reading back failed: ${readBack}` };
    }
    default:
      return { level: 'warn', line: `Creating a session: ${outcome.kind} (${outcome.error.kind}${outcome.error.status ? ` ${outcome.error.status}` : ''}): ${withRequestId(outcome.error)}` };
  }
}
