// How each session type reads in the tree: the seven documented types (labels, codicons and
// descriptions shared with the create flow) plus "Other" for types outside the documented enum.
import { isSessionType, SESSION_TYPES, type SessionType } from '../../api/types';
import { SESSION_TYPE_INFO, sessionTypeInfo } from '../sessionTypeInfo';

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

const OTHER_INFO: TypeGroupInfo = {
  key: OTHER_TYPE,
  label: 'Other types',
  icon: 'symbol-misc',
  description: 'Sessions whose type is missing or not one of the documented types',
};

/** For the create quick pick and the type filter: the documented types, in order. */
export const TYPE_CHOICES: readonly TypeGroupInfo[] = SESSION_TYPE_INFO.map((info) => ({
  key: info.type,
  label: info.label,
  icon: info.icon,
  description: info.description,
}));

/** The group a session of this type belongs to ("other" for anything undocumented). */
export function typeKeyOf(type: string | undefined): TypeKey {
  return isSessionType(type) ? type : OTHER_TYPE;
}

export function typeGroupInfo(key: string | undefined): TypeGroupInfo {
  if (!isSessionType(key)) return OTHER_INFO;
  const info = sessionTypeInfo(key);
  return { key, label: info.label, icon: info.icon, description: info.description };
}

/** Sort rank of a type key: the documented order, "other" last. */
export function typeRank(key: string): number {
  const index = (SESSION_TYPES as readonly string[]).indexOf(key);
  return index === -1 ? SESSION_TYPES.length : index;
}
