/**
 * The filter builder's model: a tree of groups (n-ary and/or, optionally negated), conditions and
 * value paths, converted to and from the filter AST losslessly, so text → tree → text gives back
 * printFilter's canonical text. Pure: the renderer draws it, shared code owns the rules.
 *
 * Only left-nested chains of one operator are flattened into a group ("a and b and c", which the
 * parser builds as and(and(a, b), c)); a right operand of the same operator stays a nested group,
 * because it was written with parentheses. So toFilterNode(fromFilterNode(ast)) equals ast.
 */
import { FilterParseError } from './errors';
import { parseFilter } from './parser';
import { printFilter } from './printer';
import type { AttrPath, CompareOp, FilterNode, FilterValue } from './types';

export type BuilderOp = CompareOp | 'pr';

export interface ConditionNode {
  kind: 'condition';
  id: string;
  path: AttrPath;
  op: BuilderOp;
  /** undefined while the user has not entered one yet (an incomplete condition is left out of the text). */
  value?: FilterValue;
}

export interface GroupNode {
  kind: 'group';
  id: string;
  op: 'and' | 'or';
  /** not ( … ) around the whole group. */
  not: boolean;
  children: BuilderNode[];
}

/** emails[type eq "work"]: the inner group's paths are relative to `path`. */
export interface ValuePathNode {
  kind: 'valuePath';
  id: string;
  path: AttrPath;
  filter: GroupNode;
}

export type BuilderNode = ConditionNode | GroupNode | ValuePathNode;

let nextId = 0;
/** Ids only tell nodes apart within one tree (React keys, edits). */
export const newNodeId = (): string => `n${++nextId}`;

export const emptyGroup = (op: 'and' | 'or' = 'and'): GroupNode => ({ kind: 'group', id: newNodeId(), op, not: false, children: [] });

export function newCondition(path: AttrPath, op: BuilderOp = 'eq', value?: FilterValue): ConditionNode {
  return { kind: 'condition', id: newNodeId(), path, op, ...(value === undefined ? {} : { value }) };
}

export const newValuePath = (path: AttrPath): ValuePathNode => ({ kind: 'valuePath', id: newNodeId(), path, filter: emptyGroup() });

// ---------- AST → tree ----------

/** The operands of a left-nested chain of one operator, in order. */
function chainOf(node: FilterNode, op: 'and' | 'or'): FilterNode[] {
  if (node.kind !== op) return [node];
  return [...chainOf(node.left, op), node.right];
}

function groupOf(node: FilterNode, not: boolean): GroupNode {
  if (node.kind === 'and' || node.kind === 'or') {
    return { kind: 'group', id: newNodeId(), op: node.kind, not, children: chainOf(node, node.kind).map(childOf) };
  }
  return { kind: 'group', id: newNodeId(), op: 'and', not, children: [childOf(node)] };
}

function childOf(node: FilterNode): BuilderNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return groupOf(node, false);
    case 'not':
      return groupOf(node.expr, true);
    case 'compare':
      return { kind: 'condition', id: newNodeId(), path: node.path, op: node.op, value: node.value };
    case 'present':
      return { kind: 'condition', id: newNodeId(), path: node.path, op: 'pr' };
    case 'valuePath':
      return { kind: 'valuePath', id: newNodeId(), path: node.path, filter: groupOf(node.filter, false) };
  }
}

/** The tree for a filter; the root is always a group (for no filter, an empty one). */
export function fromFilterNode(node: FilterNode | null): GroupNode {
  if (node === null) return emptyGroup();
  if (node.kind === 'not') return groupOf(node.expr, true);
  return groupOf(node, false);
}

// ---------- tree → AST ----------

/** Whether a condition has what the AST needs. */
export function isComplete(node: ConditionNode): boolean {
  if (node.op === 'pr') return true;
  if (node.value === undefined) return false;
  return typeof node.value !== 'number' || Number.isFinite(node.value);
}

function nodeOf(node: BuilderNode): FilterNode | null {
  switch (node.kind) {
    case 'condition':
      if (!isComplete(node)) return null;
      return node.op === 'pr' ? { kind: 'present', path: node.path } : { kind: 'compare', path: node.path, op: node.op, value: node.value as FilterValue };
    case 'valuePath': {
      const filter = toFilterNode(node.filter);
      return filter === null ? null : { kind: 'valuePath', path: node.path, filter };
    }
    case 'group':
      return toFilterNode(node);
  }
}

/** The AST of a tree, leaving out incomplete conditions and empty groups; null for no filter at all. */
export function toFilterNode(group: GroupNode): FilterNode | null {
  const parts = group.children.map(nodeOf).filter((n): n is FilterNode => n !== null);
  if (parts.length === 0) return null;
  const joined = parts.slice(1).reduce<FilterNode>((left, right) => ({ kind: group.op, left, right }), parts[0]!);
  return group.not ? { kind: 'not', expr: joined } : joined;
}

/** Canonical text of a tree ("" for none). */
export const treeToText = (group: GroupNode): string => {
  const node = toFilterNode(group);
  return node === null ? '' : printFilter(node);
};

export type TextToTree = { ok: true; tree: GroupNode } | { ok: false; error: FilterParseError; span: { start: number; end: number } };

/** The tree for a text, or the parse error with the span to underline. Blank text is the empty tree. */
export function textToTree(text: string): TextToTree {
  if (text.trim() === '') return { ok: true, tree: emptyGroup() };
  try {
    return { ok: true, tree: fromFilterNode(parseFilter(text)) };
  } catch (error) {
    if (!(error instanceof FilterParseError)) throw error;
    return { ok: false, error, span: errorSpan(text, error) };
  }
}

/** What to underline for a parse error: the offending token, or one column at the end of the text. */
export function errorSpan(text: string, error: FilterParseError): { start: number; end: number } {
  const start = Math.min(Math.max(0, error.position), text.length);
  const atEnd = error.found.startsWith('end of ');
  const length = atEnd ? 0 : error.found.length;
  return { start, end: Math.min(text.length, start + Math.max(length, 0)) };
}

/** Every incomplete condition's id, so the UI can mark them. */
export function incompleteIds(node: BuilderNode): string[] {
  if (node.kind === 'condition') return isComplete(node) ? [] : [node.id];
  if (node.kind === 'valuePath') return node.filter.children.length === 0 ? [node.id] : incompleteIds(node.filter);
  return node.children.flatMap(incompleteIds);
}

// ---------- edits (immutable) ----------

function mapNode(node: BuilderNode, id: string, edit: (node: BuilderNode) => BuilderNode | null): BuilderNode | null {
  if (node.id === id) return edit(node);
  if (node.kind === 'group') {
    const children = node.children.map((c) => mapNode(c, id, edit)).filter((c): c is BuilderNode => c !== null);
    return { ...node, children };
  }
  if (node.kind === 'valuePath') {
    const filter = mapNode(node.filter, id, edit);
    return { ...node, filter: filter?.kind === 'group' ? filter : emptyGroup() };
  }
  return node;
}

/** Replaces the node with `id` by edit(node); an edit answering null removes it (the root stays). */
export function editTree(root: GroupNode, id: string, edit: (node: BuilderNode) => BuilderNode | null): GroupNode {
  if (root.id === id) {
    const edited = edit(root);
    return edited?.kind === 'group' ? edited : emptyGroup(root.op);
  }
  return mapNode(root, id, edit) as GroupNode;
}

export const removeNode = (root: GroupNode, id: string): GroupNode => editTree(root, id, () => null);

/** Appends a child to the group with `groupId` (or to a value path's inner group). */
export const addChild = (root: GroupNode, groupId: string, child: BuilderNode): GroupNode =>
  editTree(root, groupId, (node) => {
    if (node.kind === 'group') return { ...node, children: [...node.children, child] };
    if (node.kind === 'valuePath') return { ...node, filter: { ...node.filter, children: [...node.filter.children, child] } };
    return node;
  });

export const updateCondition = (root: GroupNode, id: string, patch: Partial<Omit<ConditionNode, 'kind' | 'id'>>): GroupNode =>
  editTree(root, id, (node) => {
    if (node.kind !== 'condition') return node;
    const next: ConditionNode = { ...node, ...patch };
    if ('value' in patch && patch.value === undefined) delete next.value;
    return next;
  });

export const updateGroup = (root: GroupNode, id: string, patch: Partial<Pick<GroupNode, 'op' | 'not'>>): GroupNode =>
  editTree(root, id, (node) => (node.kind === 'group' ? { ...node, ...patch } : node));

export const updateValuePath = (root: GroupNode, id: string, path: AttrPath): GroupNode =>
  editTree(root, id, (node) => (node.kind === 'valuePath' ? { ...node, path } : node));

/** Counts conditions, for the UI's summary ("3 conditions"). */
export function countConditions(node: BuilderNode): number {
  if (node.kind === 'condition') return 1;
  if (node.kind === 'valuePath') return countConditions(node.filter);
  return node.children.reduce((sum, child) => sum + countConditions(child), 0);
}
