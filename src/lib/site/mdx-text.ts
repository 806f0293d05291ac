/**
 * The prose of an MDX source as plain text, for the search index: component
 * tags, imports/exports, code and Markdown punctuation removed. The papers a
 * digest embeds stay out, so a digest is found for what its authors wrote.
 */
export function mdxProse(source: string): string {
  return source
    .replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, ' ')
    .replace(/^(?:import|export)\s[^\n]*$/gm, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_#>|~]+/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}
