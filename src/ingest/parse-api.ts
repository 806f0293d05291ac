/**
 * The Hugging Face daily papers JSON API: one response is an array of items.
 * The HTML page embeds the same items, so the item mapping lives here.
 */
import { z } from 'zod';
import { ListingError } from './types.ts';
import type { Listing, ListingItem, ParseContext } from './types.ts';
import { collapseWhitespace, controlCharacterCleaner, httpUrlOrUndefined, isoDayOf, normaliseAbstract, normaliseArxivId } from './text.ts';

/** An optional field that is dropped, not fatal, when it has the wrong shape. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const count = lenient(z.number().int().nonnegative());

const apiOrganizationSchema = z.object({
  name: z.string().min(1),
  fullname: lenient(z.string().min(1)),
});

const apiPaperSchema = z.object({
  id: z.string({ error: 'paper.id is missing' }).min(1, 'paper.id is empty'),
  title: z.string({ error: 'paper.title is missing' }),
  summary: lenient(z.string()),
  authors: lenient(z.array(z.object({ name: z.string() }).loose())),
  publishedAt: lenient(z.string()),
  submittedOnDailyAt: lenient(z.string()),
  upvotes: count,
  projectPage: lenient(z.string()),
  githubRepo: lenient(z.string()),
  ai_summary: lenient(z.string()),
  ai_keywords: lenient(z.array(z.string())),
  organization: lenient(apiOrganizationSchema),
});

export const apiItemSchema = z.object({
  paper: apiPaperSchema,
  title: lenient(z.string()),
  summary: lenient(z.string()),
  numComments: count,
  organization: lenient(apiOrganizationSchema),
});

export type ApiItem = z.infer<typeof apiItemSchema>;

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);
const isString = (value: unknown) => typeof value === 'string';
const isFilledString = (value: unknown) => typeof value === 'string' && value !== '';
const isCount = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isOrganization = (value: unknown) => isFields(value) && isFilledString(value.name) && isOptional(value.fullname, isFilledString);
const isAuthor = (value: unknown) => isFields(value) && isString(value.name);
const isListOf = (check: (value: unknown) => boolean) => (value: unknown) => Array.isArray(value) && value.every(check);

/**
 * True only for an item that `apiItemSchema` accepts as it is, every field
 * valid, so that nothing would be caught or defaulted: such an item (most of
 * them) is used without the schema's copy. Anything else, including every
 * malformed item, goes through the schema, so its warnings and lenient fields
 * are exactly the schema's. Never looser than the schema; the tests hold it to that.
 */
export function isWellFormedApiItem(raw: unknown): raw is ApiItem {
  if (!isFields(raw) || !isFields(raw.paper)) return false;
  const paper = raw.paper;
  return (
    isFilledString(paper.id) &&
    isString(paper.title) &&
    isOptional(paper.summary, isString) &&
    isOptional(paper.authors, isListOf(isAuthor)) &&
    isOptional(paper.publishedAt, isString) &&
    isOptional(paper.submittedOnDailyAt, isString) &&
    isOptional(paper.upvotes, isCount) &&
    isOptional(paper.projectPage, isString) &&
    isOptional(paper.githubRepo, isString) &&
    isOptional(paper.ai_summary, isString) &&
    isOptional(paper.ai_keywords, isListOf(isString)) &&
    isOptional(paper.organization, isOrganization) &&
    isOptional(raw.title, isString) &&
    isOptional(raw.summary, isString) &&
    isOptional(raw.numComments, isCount) &&
    isOptional(raw.organization, isOrganization)
  );
}

/** The item as the schema reads it, or the schema's reason for refusing it. */
function readApiItem(raw: unknown): { item: ApiItem } | { problem: string } {
  if (isWellFormedApiItem(raw)) return { item: raw };
  const parsed = apiItemSchema.safeParse(raw);
  return parsed.success ? { item: parsed.data } : { problem: describeIssue(parsed.error) };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid item';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/**
 * One API item as a listing item (`position`: where it is in the response, 1-based), or the reason it
 * cannot be one. `controlCharacters` names the text fields control characters were removed from.
 */
export function apiItemToListingItem(
  raw: unknown,
  ctx: ParseContext,
  position: number,
): { item: ListingItem; controlCharacters: string[] } | { problem: string } {
  const read = readApiItem(raw);
  if (!('item' in read)) return read;
  const { item } = read;
  const { paper } = item;
  const arxiv = normaliseArxivId(paper.id);
  if (!arxiv) return { problem: `paper.id ${JSON.stringify(paper.id)} is not an arXiv id` };
  const controlCharacters: string[] = [];
  const clean = controlCharacterCleaner(controlCharacters);
  const title = collapseWhitespace(clean('title', item.title || paper.title));
  if (!title) return { problem: 'the title is empty' };

  const authors = (paper.authors ?? []).map((author) => collapseWhitespace(clean('authors', author.name))).filter(Boolean);
  const organization = paper.organization ?? item.organization;
  const github = httpUrlOrUndefined(paper.githubRepo);
  const project = httpUrlOrUndefined(paper.projectPage);
  const keywords = (paper.ai_keywords ?? []).map((keyword) => collapseWhitespace(clean('keywords', keyword))).filter(Boolean);
  const aiSummary = paper.ai_summary === undefined ? undefined : collapseWhitespace(clean('aiSummary', paper.ai_summary));

  const result: ListingItem = {
    position,
    arxiv,
    title,
    abstract: normaliseAbstract(clean('abstract', paper.summary ?? item.summary ?? '')),
    authors,
    authorCount: authors.length,
  };
  const date = ctx.day ?? isoDayOf(paper.submittedOnDailyAt);
  if (date) result.date = date;
  const published = isoDayOf(paper.publishedAt);
  if (published) result.published = published;
  if (paper.upvotes !== undefined) result.upvotes = paper.upvotes;
  if (organization) {
    const slug = clean('organization', organization.name);
    result.organization = { name: collapseWhitespace(clean('organization', organization.fullname ?? organization.name)), slug };
  }
  if (github || project) result.links = { ...(github && { github }), ...(project && { project }) };
  if (keywords.length) result.keywords = keywords;
  if (aiSummary) result.aiSummary = aiSummary;
  if (item.numComments !== undefined) result.numComments = item.numComments;
  return { item: result, controlCharacters };
}

/** Map an array of raw API items, one warning per item that cannot be used. */
export function apiItemsToListing(rawItems: unknown[], ctx: ParseContext, kind: 'api' | 'html'): Listing {
  const items: ListingItem[] = [];
  const warnings: string[] = [];
  rawItems.forEach((raw, index) => {
    const mapped = apiItemToListingItem(raw, ctx, index + 1);
    if ('problem' in mapped) {
      warnings.push(`${ctx.origin}: item ${index + 1} skipped: ${mapped.problem}`);
      return;
    }
    const { item, controlCharacters } = mapped;
    if (controlCharacters.length) {
      warnings.push(`${ctx.origin}: item ${index + 1} (${item.arxiv}, ${JSON.stringify(item.title)}): control characters removed from ${controlCharacters.join(', ')}`);
    }
    items.push(item);
  });
  const day = ctx.day ?? commonDate(items);
  return { kind, source: day ? `${kind}:${day}` : kind, ...(day && { day }), items, warnings };
}

/** The listing's day when the caller did not say: only when every item agrees on it. */
function commonDate(items: ListingItem[]): string | undefined {
  const dates = new Set(items.map((item) => item.date));
  const [only] = dates;
  return dates.size === 1 ? only : undefined;
}

/** The items of an API response: a JSON array, else a ListingError naming the origin. */
export function parseApiItems(json: string, origin: string): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new ListingError(`${origin}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data)) {
    throw new ListingError(`${origin}: JSON, but not a daily papers API response (expected an array of papers, got ${data === null ? 'null' : typeof data})`);
  }
  return data;
}

export function parseApiListing(json: string, ctx: ParseContext): Listing {
  return apiItemsToListing(parseApiItems(json, ctx.origin), ctx, 'api');
}
