import { FilterParser } from '../filter/parser';
import { printAttrPath, printFilter } from '../filter/printer';
import type { PatchPath } from './types';

/**
 * Parses a PATCH path (RFC 7644 §3.5.2: attrPath / valuePath [subAttr]). Throws FilterParseError with
 * the position. Accepts the single-quoted strings Azure AD sends: members[value eq 'id'].
 */
export function parsePatchPath(text: string): PatchPath {
  const parser = new FilterParser(text, { endLabel: 'end of path', allowSingleQuotes: true });
  const attr = parser.parseAttrPathToken(parser.lexer.next());
  const afterAttr = parser.lexer.next();
  if (afterAttr.kind === 'eof') return { attr };
  if (afterAttr.kind !== '[') parser.fail(afterAttr, ['"["', 'end of path']);

  const filter = parser.parseExpression(true);
  parser.expect(']', ['and', 'or', '"]"']);
  const afterFilter = parser.lexer.next();
  if (afterFilter.kind === 'eof') return { attr, filter };
  if (afterFilter.kind !== '.') parser.fail(afterFilter, ['"."', 'end of path']);

  const subAttr = parser.parseNameToken(parser.lexer.next(), 'sub-attribute name');
  parser.expect('eof', ['end of path']);
  return { attr, filter, subAttr };
}

export function printPatchPath(path: PatchPath): string {
  const filter = path.filter === undefined ? '' : `[${printFilter(path.filter)}]`;
  const subAttr = path.subAttr === undefined ? '' : `.${path.subAttr}`;
  return `${printAttrPath(path.attr)}${filter}${subAttr}`;
}
