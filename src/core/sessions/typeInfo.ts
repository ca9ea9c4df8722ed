// How each session type reads: the seven documented types (labels, codicons and one-line
// descriptions, in the order the create flow offers them, chat first) plus "Other types" for
// sessions whose type is missing or outside the documented enum. PG:AI documents only the
// names, so the descriptions stay close to the names.
import { isSessionType, SESSION_TYPES, type SessionType } from '../../api/types';

/** Key of the group holding sessions whose type is missing or outside the documented enum. */
export const OTHER_TYPE = 'other';
export type TypeKey = SessionType | typeof OTHER_TYPE;

export interface TypeGroupInfo {
  readonly key: TypeKey;
  readonly label: string;
  /** A codicon id, without `$()`. */
  readonly icon: string;
  readonly description: string;
}

const INFO: Readonly<Record<SessionType, Omit<TypeGroupInfo, 'key'>>> = {
  chat: { label: 'Chat', icon: 'comment-discussion', description: 'A conversation with the PG:AI agent' },
  document: { label: 'Document', icon: 'file-text', description: 'The agent works on a document' },
  plan: { label: 'Plan', icon: 'checklist', description: 'The agent drafts a plan' },
  canvas_settings: { label: 'Canvas settings', icon: 'settings-gear', description: 'The agent works on canvas settings' },
  email: { label: 'Email', icon: 'mail', description: 'The agent drafts an email' },
  workspace: { label: 'Workspace', icon: 'briefcase', description: 'A session scoped to your workspace' },
  project: { label: 'Project', icon: 'project', description: 'A session for a project' },
};

const OTHER_INFO: TypeGroupInfo = {
  key: OTHER_TYPE,
  label: 'Other types',
  icon: 'symbol-misc',
  description: 'Sessions whose type is missing or not one of the documented types',
};

/** For the create quick pick and the type filter: the documented types, in order. */
export const TYPE_CHOICES: readonly (TypeGroupInfo & { readonly key: SessionType })[] = SESSION_TYPES.map((key) => ({ key, ...INFO[key] }));

/** The group a session of this type belongs to ("other" for anything undocumented). */
export function typeKeyOf(type: string | undefined): TypeKey {
  return isSessionType(type) ? type : OTHER_TYPE;
}

export function typeGroupInfo(key: string | undefined): TypeGroupInfo {
  return isSessionType(key) ? { key, ...INFO[key] } : OTHER_INFO;
}

/** Sort rank of a type key: the documented order, "other" last. */
export function typeRank(key: string): number {
  const index = (SESSION_TYPES as readonly string[]).indexOf(key);
  return index === -1 ? SESSION_TYPES.length : index;
}
