// Labels, codicons and one-line descriptions of the seven documented session types, in the
// order the create flow offers them (chat first). PG:AI documents only the names, so the
// descriptions stay close to the names.
import { SESSION_TYPES, type SessionType } from '../api/types';

export interface SessionTypeInfo {
  readonly type: SessionType;
  readonly label: string;
  /** A codicon id, without `$()`. */
  readonly icon: string;
  readonly description: string;
}

const INFO: Readonly<Record<SessionType, Omit<SessionTypeInfo, 'type'>>> = {
  chat: { label: 'Chat', icon: 'comment-discussion', description: 'A conversation with the PG:AI agent' },
  document: { label: 'Document', icon: 'file-text', description: 'The agent works on a document' },
  plan: { label: 'Plan', icon: 'checklist', description: 'The agent drafts a plan' },
  canvas_settings: { label: 'Canvas settings', icon: 'settings-gear', description: 'The agent works on canvas settings' },
  email: { label: 'Email', icon: 'mail', description: 'The agent drafts an email' },
  workspace: { label: 'Workspace', icon: 'briefcase', description: 'A session scoped to your workspace' },
  project: { label: 'Project', icon: 'project', description: 'A session for a project' },
};

export const SESSION_TYPE_INFO: readonly SessionTypeInfo[] = SESSION_TYPES.map((type) => ({ type, ...INFO[type] }));

export function sessionTypeInfo(type: SessionType): SessionTypeInfo {
  return { type, ...INFO[type] };
}
