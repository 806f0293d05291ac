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
function bibValue(text: string): string {
  let depth = 0;
  let out = '';
  for (const char of text.replace(/\s+/g, ' ')) {
    if (char === '{') depth += 1;
    if (char === '}') {
      if (depth === 0) continue;
      depth -= 1;
    }
    out += char;
  }
  return out + '}'.repeat(depth);
}

export function bibtex(paper: ArchivePaper): string {
  const year = (paper.published ?? paper.date)?.slice(0, 4);
  const surname = slugify(paper.authors[0]?.split(/\s+/).at(-1) ?? '').replace(/-/g, '');
  const firstWord = slugify(paper.plainTitle).split('-').find((word) => word.length > 3) ?? 'paper';
  const key = `${surname || 'anon'}${year ?? ''}${firstWord}`;
  const fields: [string, string | undefined][] = [
    ['title', `{${bibValue(paper.title)}}`],
    ['author', paper.authors.length ? bibValue(paper.authors.join(' and ')) : undefined],
    ['year', year],
    ['eprint', paper.arxiv],
    ['archivePrefix', paper.arxiv ? 'arXiv' : undefined],
    ['url', arxivLinks(paper.arxiv)?.abs],
  ];
  const body = fields
    .filter((field): field is [string, string] => field[1] !== undefined)
    .map(([name, value]) => `  ${name} = {${value}}`)
    .join(',\n');
  return `@misc{${key},\n${body}\n}`;
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
