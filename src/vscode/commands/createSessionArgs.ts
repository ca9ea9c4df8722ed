// What PG:AI: Create Session… accepts as its argument: `{ type }` from the tree, values handed in
// by a caller (a task, a link), or the automation form with `noPrompt`.
import { isSessionType } from '../../api/types';
import type { CreatePrefill } from '../../core/createFlow';
import type { CreateSessionArgs } from '../contracts';

/** The command's argument: `{ type }` from the tree, or the automation form with `noPrompt`. */
export interface CreateSessionCommandArgs extends CreateSessionArgs {
  readonly title?: string;
  readonly companyId?: string;
  /** Skip the quick input and create directly (automation and tests). */
  readonly noPrompt?: boolean;
}

export function readArgs(arg: unknown): CreateSessionCommandArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as Record<string, unknown>;
  return {
    ...(isSessionType(a.type) ? { type: a.type } : {}),
    ...(typeof a.title === 'string' ? { title: a.title } : {}),
    ...(typeof a.companyId === 'string' ? { companyId: a.companyId } : {}),
    ...(a.noPrompt === true ? { noPrompt: true } : {}),
  };
}

/** Values handed in by a caller (a task, a link): the input opens on its first step with them. */
export function argsPrefill(args: CreateSessionCommandArgs): CreatePrefill | undefined {
  if (args.title === undefined && args.companyId === undefined) return undefined;
  return { values: { type: args.type ?? 'chat', title: args.title ?? '', companyId: args.companyId ?? '' }, step: 'type' };
}
