import { useCallback, useState } from 'react';
import { emptyGroup, textToTree, treeToText, type GroupNode } from '../../../../shared/filter';

export interface FilterTextError {
  message: string;
  position: number;
  expected: string[];
  span: { start: number; end: number };
}

export interface FilterEditorState {
  /** What the text box shows: as typed, or the tree's canonical text after a tree edit. */
  text: string;
  /** The tree: follows the text while it parses; the last good one while it does not. */
  tree: GroupNode;
  error: FilterTextError | null;
}

function fromText(text: string, previous: GroupNode | null): FilterEditorState {
  const result = textToTree(text);
  if (result.ok) return { text, tree: result.tree, error: null };
  const { message, position, expected } = result.error;
  return { text, tree: previous ?? emptyGroup(), error: { message, position, expected, span: result.span } };
}

/** Two-way text ↔ tree: typing re-parses into the tree; a tree edit rewrites the text in canonical form. */
export function useFilterEditor(initialText = '') {
  const [state, setState] = useState<FilterEditorState>(() => fromText(initialText, null));
  const setText = useCallback((text: string) => setState((s) => fromText(text, s.tree)), []);
  const editTree = useCallback((edit: (tree: GroupNode) => GroupNode) => {
    setState((s) => {
      const tree = edit(s.tree);
      return { text: treeToText(tree), tree, error: null };
    });
  }, []);
  return { ...state, setText, editTree };
}
