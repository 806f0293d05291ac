import type { Paper } from '../schema.ts';

export interface Org {
  slug: string;
  name: string;
}

/** A URL-safe slug: lower case ASCII letters, digits and single dashes. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The organisation's own slug when it has a usable one, else a slug of its name. */
export function orgOf(organization: Paper['organization']): Org | undefined {
  if (!organization) return undefined;
  const slug = slugify(organization.slug ?? '') || slugify(organization.name);
  return slug ? { slug, name: organization.name } : undefined;
}
