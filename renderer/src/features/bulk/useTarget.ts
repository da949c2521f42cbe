import { useMemo } from 'react';
import { mappableAttributes, type MappableAttribute } from '../../../../shared/bulk';
import type { Capabilities, ResourceTypeDef } from '../../../../shared/contract';
import { userAndGroupTypes } from '../../scim';
import type { TargetKind } from './model';

/** The resource type a bulk change targets, and the attributes it can set, clear or map columns to. */
export interface TargetInfo {
  kind: TargetKind;
  type: ResourceTypeDef;
  endpoint: string;
  coreSchemaUrn: string;
  attributes: MappableAttribute[];
  noun: { one: string; many: string };
}

export const targetNouns: Record<TargetKind, { one: string; many: string }> = {
  users: { one: 'user', many: 'users' },
  groups: { one: 'group', many: 'groups' },
};

/** The target's type on this server (null: it offers none), with its mappable attributes. */
export function useTarget(capabilities: Capabilities, kind: TargetKind): TargetInfo | null {
  const type = userAndGroupTypes(capabilities)[kind];
  const { schemas } = capabilities;
  return useMemo(() => {
    if (!type) return null;
    return {
      kind,
      type,
      endpoint: type.endpoint,
      coreSchemaUrn: type.schema,
      attributes: mappableAttributes(
        schemas,
        type.schema,
        type.schemaExtensions.map((e) => e.schema),
      ),
      noun: targetNouns[kind],
    };
  }, [kind, type, schemas]);
}

/** The SCIM type of an attribute path among the mappable ones (for coercing a typed value). */
export const typeOfPath = (target: TargetInfo) => {
  const byPath = new Map(target.attributes.map((a) => [a.path.toLowerCase(), a.type]));
  return (path: string): string | undefined => byPath.get(path.toLowerCase());
};
