/**
 * The prose of an MDX source as plain text, for the search index: the text people wrote, one line per block,
 * without components, imports/exports, expressions or code. The papers a digest embeds stay out, so a digest is
 * found for what its authors wrote. Parsed as the references are (digest-refs.ts); invalid MDX has no prose.
 */
import { mdxToMdast, type MdastNode } from 'satteri';

/** Nodes that end a line; the rest (emphasis, links, a component's text) runs on. */
const BLOCKS = new Set(['paragraph', 'heading', 'tableCell', 'break']);

function text(node: MdastNode): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  const inner = 'children' in node ? node.children.map(text).join('') : '';
  return BLOCKS.has(node.type) ? `${inner}\n` : inner;
}

export function mdxProse(source: string): string {
  try {
    return text(mdxToMdast(source, { position: false })).replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
  } catch {
    return '';
  }
}
