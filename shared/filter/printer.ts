import type { AttrPath, FilterNode, FilterValue } from './types';

// Binding strength: a child binding looser than its parent needs parentheses.
const OR = 1;
const AND = 2;

export function printAttrPath(path: AttrPath): string {
  const local = path.sub === undefined ? path.name : `${path.name}.${path.sub}`;
  return path.uri === undefined ? local : `${path.uri}:${local}`;
}

export function printFilterValue(value: FilterValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`A SCIM filter cannot contain the number ${value}`);
    return Object.is(value, -0) ? '-0' : String(value);
  }
  return String(value);
}

/**
 * Canonical text: lowercase operators, JSON strings, and only the parentheses precedence needs.
 * Both binary operators parse left-associatively, so a right operand of equal strength is parenthesised.
 */
export function printFilter(node: FilterNode): string {
  return printNode(node, OR);
}

function printNode(node: FilterNode, minStrength: number): string {
  switch (node.kind) {
    case 'or':
    case 'and': {
      const strength = node.kind === 'or' ? OR : AND;
      const text = `${printNode(node.left, strength)} ${node.kind} ${printNode(node.right, strength + 1)}`;
      return strength < minStrength ? `(${text})` : text;
    }
    case 'not':
      return `not (${printNode(node.expr, OR)})`;
    case 'present':
      return `${printAttrPath(node.path)} pr`;
    case 'compare':
      return `${printAttrPath(node.path)} ${node.op.toLowerCase()} ${printFilterValue(node.value)}`;
    case 'valuePath':
      return `${printAttrPath(node.path)}[${printNode(node.filter, OR)}]`;
    default:
      throw new TypeError(`Unknown filter node kind: ${(node as { kind: unknown }).kind}`);
  }
}
