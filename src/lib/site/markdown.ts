/**
 * Markdown written by people (paper notes, topic descriptions). Raw HTML in it
 * is shown as text and only http(s), mailto and site-relative links survive,
 * so a pasted snippet can never run script.
 */
import { Marked } from 'marked';
import { escapeHtml } from '../tex.ts';
import { withBase } from '../urls.ts';

export function isSafeHref(href: string): boolean {
  if (/^(?:\/(?!\/)|#|\.\.?\/)/.test(href)) return true;
  try {
    return ['http:', 'https:', 'mailto:'].includes(new URL(href).protocol);
  } catch {
    return false;
  }
}

/** Site-relative links written by people ("/papers/x/") follow the base path like every other link. */
function siteHref(href: string): string {
  return /^\/(?!\/)/.test(href) ? withBase(href) : href;
}

/** Only http/https URLs from listings become links. */
export function httpHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }) {
      const label = this.parser.parseInline(tokens);
      if (!isSafeHref(href)) return label;
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(siteHref(href))}"${titleAttr}>${label}</a>`;
    },
    image({ href, text }) {
      return isSafeHref(href) ? `<img src="${escapeHtml(siteHref(href))}" alt="${escapeHtml(text)}">` : escapeHtml(text);
    },
  },
});

export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown) as string;
}
