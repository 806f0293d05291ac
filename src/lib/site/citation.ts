/** Machine-readable descriptions of a paper: BibTeX and schema.org JSON-LD. */
import type { ArchivePaper } from './archive.ts';
import { slugify } from './orgs.ts';

export function arxivLinks(arxiv: string | undefined) {
  if (!arxiv) return undefined;
  const id = arxiv.split('/').map(encodeURIComponent).join('/');
  return {
    abs: `https://arxiv.org/abs/${id}`,
    pdf: `https://arxiv.org/pdf/${id}`,
    huggingFace: `https://huggingface.co/papers/${id}`,
  };
}

/** BibTeX breaks on unbalanced braces: keep balanced pairs, drop strays. */
function balanced(text: string): string {
  let depth = 0;
  let out = '';
  for (const char of text) {
    if (char === '{') depth += 1;
    if (char === '}') {
      if (depth === 0) continue;
      depth -= 1;
    }
    out += char;
  }
  return out + '}'.repeat(depth);
}

/** LaTeX's special characters in text, each as what typesets it. */
const LATEX_TEXT: Record<string, string> = {
  '\\': '\\textbackslash{}',
  // Not \{ and \}: BibTeX counts those braces too, and one alone would leave the entry unbalanced.
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  '_': '\\_',
  $: '\\$',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Plain text as LaTeX that typesets it as it reads. */
export function latexText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\{}&%#_$~^]/g, (char) => LATEX_TEXT[char]!);
}

/**
 * A title as LaTeX: TeX math in `$…$` stays math (a title such as "$O(n)$ attention" means it), with its
 * braces balanced; everything else is text, every special character escaped. A lone `$` is text too.
 */
export function latexTitle(title: string): string {
  let out = '';
  let last = 0;
  for (const match of title.matchAll(/\$([^$\n]+)\$/g)) {
    out += latexText(title.slice(last, match.index)) + `$${balanced(match[1]!.replace(/\s+/g, ' '))}$`;
    last = match.index + match[0].length;
  }
  return out + latexText(title.slice(last));
}

/** An arXiv category as arXiv writes it (`cs.CL`, `hep-th`), or undefined. */
function arxivCategory(value: unknown): string | undefined {
  return typeof value === 'string' && /^[a-z-]+(\.[A-Za-z-]+)?$/.test(value) ? value : undefined;
}

export function bibtex(paper: ArchivePaper): string {
  const year = (paper.published ?? paper.date)?.slice(0, 4);
  const surname = slugify(paper.authors[0]?.split(/\s+/).at(-1) ?? '').replace(/-/g, '');
  const firstWord = slugify(paper.plainTitle).split('-').find((word) => word.length > 3) ?? 'paper';
  const key = `${surname || 'anon'}${year ?? ''}${firstWord}`;
  const fields: [string, string | undefined][] = [
    // Double braces keep the title's capitals as written.
    ['title', `{${latexTitle(paper.title)}}`],
    ['author', paper.authors.length ? paper.authors.map(latexText).join(' and ') : undefined],
    ['year', year],
    ['eprint', paper.arxiv && latexText(paper.arxiv)],
    ['archivePrefix', paper.arxiv ? 'arXiv' : undefined],
    // Not in the listings: a person may add `primaryClass: cs.CL` to a paper's front matter.
    ['primaryClass', paper.arxiv ? arxivCategory(paper.primaryClass) : undefined],
    ['url', arxivLinks(paper.arxiv)?.abs],
  ];
  const body = fields
    .filter((field): field is [string, string] => field[1] !== undefined)
    .map(([name, value]) => `  ${name} = {${value}}`)
    .join(',\n');
  return `@misc{${key},\n${body}\n}`;
}

/**
 * The `citation_*` meta tags (Highwire Press) that Zotero and Google Scholar read from a paper's page.
 * Values are plain text; the page escapes them as attributes.
 */
export function citationMeta(paper: ArchivePaper): { name: string; content: string }[] {
  const day = paper.published ?? paper.date;
  const pdf = arxivLinks(paper.arxiv)?.pdf;
  return [
    { name: 'citation_title', content: paper.plainTitle },
    ...paper.authors.map((author) => ({ name: 'citation_author', content: author })),
    ...(day ? [{ name: 'citation_publication_date', content: day.replaceAll('-', '/') }] : []),
    ...(paper.arxiv ? [{ name: 'citation_arxiv_id', content: paper.arxiv }] : []),
    ...(pdf ? [{ name: 'citation_pdf_url', content: pdf }] : []),
  ];
}

/** JSON for a <script> element: "<" and line separators escaped so no text can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function scholarlyArticle(paper: ArchivePaper, pageUrl: string, abstract: string) {
  const links = arxivLinks(paper.arxiv);
  return {
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    headline: paper.plainTitle,
    name: paper.plainTitle,
    abstract,
    url: pageUrl,
    ...(paper.published ? { datePublished: paper.published } : {}),
    ...(paper.authors.length ? { author: paper.authors.map((name) => ({ '@type': 'Person', name })) } : {}),
    ...(paper.org ? { sourceOrganization: { '@type': 'Organization', name: paper.org.name } } : {}),
    ...(paper.keywords.length ? { keywords: paper.keywords.join(', ') } : {}),
    ...(links ? { sameAs: [links.abs], identifier: `arXiv:${paper.arxiv}` } : {}),
  };
}
