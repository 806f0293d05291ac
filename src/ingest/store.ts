/**
 * The content folder as a store of papers and days. It keeps a small index
 * (ids, arXiv ids, title keys, aliases, days) in memory and reads a paper's
 * file only when a listing touches it, so memory stays small as the archive grows.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { daySchema, honestDates, isSafeId } from '../lib/schema.ts';
import { removeInside, removeStaleTemporaryFiles, writeFileAtomic } from '../lib/atomic-write.ts';
import { listMarkdownFiles } from '../lib/markdown-files.ts';
import { lineEnding, readMarkdown, updateMarkdown, writeMarkdown } from './front-matter.ts';
import { mergePaper, readOwnedFields, renderBody, splitBody } from './merge.ts';
import { titleKey, titleSlug } from './text.ts';
import type { Listing, ListingItem } from './types.ts';

export interface ApplyReport {
  new: number;
  updated: number;
  unchanged: number;
  /** Files that could not be written (a paper's, the day's), each also named in `warnings`; the rest of the listing stands. Always set by `apply`. */
  notWritten?: number;
  /** What the store could not do (unsafe ids, unreadable files); the parser's own warnings stay in `listing.warnings`. */
  warnings: string[];
}

export interface Store {
  /** Merge one listing into the content folder. Calls must not overlap. */
  apply(listing: Listing): Promise<ApplyReport>;
  /** The newest YYYY-MM-DD among day files and papers' `date`. */
  newestDay(): string | undefined;
  /** The file that holds `newestDay()`, for messages about it. */
  newestDayFile(): string | undefined;
}

interface PaperEntry {
  id: string;
  arxiv?: string;
  titleKey: string;
  aliases: string[];
  date?: string;
}

type Outcome = 'new' | 'updated' | 'unchanged';

/** Where one item goes, decided before any file is touched. */
interface PlannedWrite {
  /** The paper's id after this item. */
  id: string;
  /** The file read: the slug's when the item renames it to its arXiv id. */
  sourceId: string;
  renameFrom?: string;
  hasFile: boolean;
}

/**
 * Papers merged between two turns of the event loop. File work is synchronous
 * (see atomic-write.ts), so a fetch's requests in flight get a turn every few
 * milliseconds while a long listing is applied.
 */
const PAPERS_PER_TURN = 32;

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const newest = (a: string | undefined, b: string | undefined) => (a && b ? (a > b ? a : b) : (a ?? b));

class ContentStore implements Store {
  readonly #root: string;
  readonly #papersDir: string;
  readonly #daysDir: string;
  readonly #papers = new Map<string, PaperEntry>();
  readonly #byArxiv = new Map<string, string>();
  readonly #byTitle = new Map<string, string>();
  readonly #byAlias = new Map<string, string>();
  /** Ids whose file could not be read: never overwritten, so a person's broken edit is not lost. */
  readonly #unreadable = new Set<string>();
  readonly #days = new Map<string, string[]>();
  /** Files whose body has no notes marker, reported once per run. */
  readonly #warnedNoMarker = new Set<string>();
  #pendingWarnings: string[] = [];
  #newestDay: string | undefined;
  #newestDayFile: string | undefined;

  constructor(root: string) {
    this.#root = path.resolve(root);
    this.#papersDir = path.join(this.#root, 'papers');
    this.#daysDir = path.join(this.#root, 'days');
  }

  paperFile(id: string): string {
    return path.join(this.#papersDir, ...id.split('/')) + '.md';
  }

  dayFile(day: string): string {
    return path.join(this.#daysDir, `${day}.md`);
  }

  load(): void {
    for (const file of removeStaleTemporaryFiles(this.#root)) {
      this.#pendingWarnings.push(`${file}: removed, a temporary file an interrupted run left behind`);
    }
    for (const file of listMarkdownFiles(this.#papersDir)) {
      const id = path.relative(this.#papersDir, file).split(path.sep).join('/').replace(/\.md$/, '');
      try {
        const data = readMarkdown(readFileSync(file, 'utf8')).data;
        const owned = readOwnedFields(data);
        if (data.date !== undefined && owned.date === undefined) {
          this.#pendingWarnings.push(`${file}: date ${JSON.stringify(data.date)} is not a day of the calendar, ignored`);
        }
        this.#index({ id, arxiv: owned.arxiv, titleKey: titleKey(owned.title ?? ''), aliases: owned.aliases ?? [], date: honestDates(owned).date });
      } catch (error) {
        this.#unreadable.add(id);
        this.#pendingWarnings.push(`${file}: cannot be read, left untouched (${(error as Error).message})`);
      }
    }
    for (const file of listMarkdownFiles(this.#daysDir)) {
      const day = path.basename(file, '.md');
      try {
        const parsed = daySchema.parse(readMarkdown(readFileSync(file, 'utf8')).data);
        this.#days.set(day, parsed.papers);
        this.#noteDay(parsed.date, file);
      } catch (error) {
        this.#pendingWarnings.push(`${file}: cannot be read (${(error as Error).message})`);
      }
    }
  }

  #index(entry: PaperEntry): void {
    this.#papers.set(entry.id, entry);
    if (entry.arxiv) this.#byArxiv.set(entry.arxiv, entry.id);
    if (entry.titleKey && !this.#byTitle.has(entry.titleKey)) this.#byTitle.set(entry.titleKey, entry.id);
    for (const alias of entry.aliases) this.#byAlias.set(alias, entry.id);
    this.#noteDay(entry.date, this.paperFile(entry.id));
  }

  #noteDay(day: string | undefined, file: string): void {
    if (day === undefined || newest(this.#newestDay, day) === this.#newestDay) return;
    this.#newestDay = day;
    this.#newestDayFile = file;
  }

  #unindex(entry: PaperEntry): void {
    this.#papers.delete(entry.id);
    if (entry.arxiv && this.#byArxiv.get(entry.arxiv) === entry.id) this.#byArxiv.delete(entry.arxiv);
    if (this.#byTitle.get(entry.titleKey) === entry.id) this.#byTitle.delete(entry.titleKey);
  }

  newestDay(): string | undefined {
    return this.#newestDay;
  }

  newestDayFile(): string | undefined {
    return this.#newestDayFile;
  }

  /** Which file an item belongs to, and the slug it replaces when a title-only paper gains its arXiv id. */
  #resolve(item: ListingItem, key: string): { id: string; renameFrom?: string } {
    if (item.arxiv) {
      const known = this.#byArxiv.get(item.arxiv);
      if (known) return { id: known };
      const sameTitle = this.#byTitle.get(key);
      if (sameTitle && !this.#papers.get(sameTitle)?.arxiv) return { id: item.arxiv, renameFrom: sameTitle };
      return { id: item.arxiv };
    }
    const slug = titleSlug(item.title);
    const known = this.#byTitle.get(key) ?? this.#byAlias.get(slug);
    if (known) return { id: known };
    // Two different titles can share a truncated slug: number the later one.
    let id = slug;
    for (let suffix = 2; this.#papers.has(id) || this.#byAlias.has(id); suffix += 1) id = `${slug}-${suffix}`;
    return { id };
  }

  /**
   * Decide where an item goes and record that in the index (so later items of
   * the same listing see it), before any file is touched.
   */
  #plan(item: ListingItem, listing: Listing, warnings: string[]): PlannedWrite | undefined {
    const key = titleKey(item.title);
    const { id, renameFrom } = this.#resolve(item, key);
    if (!isSafeId(id)) {
      warnings.push(`${listing.source}: "${item.title}" skipped: id ${JSON.stringify(id)} cannot be a safe file name`);
      return undefined;
    }
    const sourceId = renameFrom ?? id;
    const unreadable = [sourceId, id].find((candidate) => this.#unreadable.has(candidate));
    if (unreadable) {
      warnings.push(`${this.paperFile(unreadable)}: cannot be read, so "${item.title}" was not merged into it`);
      return undefined;
    }
    const known = this.#papers.get(sourceId);
    if (renameFrom && known) this.#unindex(known);
    this.#index({
      id,
      arxiv: known?.arxiv ?? item.arxiv,
      titleKey: known?.titleKey || key,
      aliases: [...(known?.aliases ?? []), ...(renameFrom ? [renameFrom] : [])],
      date: known?.date,
    });
    return { id, sourceId, renameFrom, hasFile: known !== undefined };
  }

  /** Merge one paper's items (more than one when the listing repeats it) into its file, written once. */
  #write(plan: PlannedWrite, items: ListingItem[], listing: Listing, warnings: string[]): Outcome {
    const { id, sourceId, renameFrom } = plan;
    const file = this.paperFile(id);
    const sourceFile = this.paperFile(sourceId);
    const before = plan.hasFile ? readIfExists(sourceFile) : undefined;
    const eol = before === undefined ? '\n' : lineEnding(before);
    let after = before;
    let date: string | undefined;
    for (const [index, item] of items.entries()) {
      const current = after === undefined ? undefined : readMarkdown(after);
      const alias = index === 0 ? renameFrom : undefined;
      const merged = mergePaper({ id, existing: current?.data, ...(alias && { alias }), item, listing });
      const body = this.#body(sourceFile, current?.body, item.abstract, merged.takeAbstract, eol, warnings);
      after = after === undefined || current === undefined ? writeMarkdown(merged.owned, body) : updateMarkdown(after, current.data, merged.owned, body);
      date = merged.date;
    }
    if (after === undefined) return 'unchanged';
    if (after !== before || renameFrom) writeFileAtomic(this.#root, file, after);
    if (renameFrom && before !== undefined) removeInside(this.#root, sourceFile);
    const entry = this.#papers.get(id);
    if (entry) entry.date = date;
    this.#noteDay(date, file);
    return before === undefined ? 'new' : after === before && !renameFrom ? 'unchanged' : 'updated';
  }

  #body(file: string, currentBody: string | undefined, abstract: string, takeAbstract: boolean, eol: '\n' | '\r\n', warnings: string[]): string {
    if (currentBody === undefined) return renderBody(abstract, '');
    const parts = splitBody(currentBody);
    if (!parts.hasMarker) {
      if (!this.#warnedNoMarker.has(file)) {
        this.#warnedNoMarker.add(file);
        warnings.push(`${file}: the notes marker is gone, so the body was left as it is (put the marker back to get abstract updates)`);
      }
      return parts.raw;
    }
    return renderBody(takeAbstract || !parts.abstract ? abstract || parts.abstract : parts.abstract, parts.notes, eol);
  }

  #renameInDays(from: string, to: string): void {
    for (const [day, ids] of this.#days) {
      if (ids.includes(from)) this.#writeDay(day, [...new Set(ids.map((id) => (id === from ? to : id)))]);
    }
  }

  /** Write a day's list, keeping any key or text a person added to the day file. */
  #writeDay(day: string, ids: string[]): void {
    const file = this.dayFile(day);
    const before = readIfExists(file);
    const owned = { date: day, papers: ids };
    const current = before === undefined ? undefined : readMarkdown(before);
    const after = before === undefined || current === undefined ? writeMarkdown(owned, '') : updateMarkdown(before, current.data, owned, current.body);
    if (after !== before) writeFileAtomic(this.#root, file, after);
    this.#days.set(day, ids);
    this.#noteDay(day, file);
  }

  async apply(listing: Listing): Promise<ApplyReport> {
    const report: ApplyReport & { notWritten: number } = { new: 0, updated: 0, unchanged: 0, notWritten: 0, warnings: this.#pendingWarnings };
    this.#pendingWarnings = [];
    const renames: [from: string, to: string][] = [];
    // A paper listed twice in one listing is merged in listing order and written once.
    const groups = new Map<string, { plan: PlannedWrite; items: ListingItem[]; position: number }>();
    for (const [index, item] of listing.items.entries()) {
      const plan = this.#plan(item, listing, report.warnings);
      if (!plan) continue;
      if (plan.renameFrom) renames.push([plan.renameFrom, plan.id]);
      const group = groups.get(plan.id);
      if (group) group.items.push(item);
      else groups.set(plan.id, { plan, items: [item], position: item.position ?? index + 1 });
    }
    const listed: string[] = [];
    let written = 0;
    for (const { plan, items, position } of groups.values()) {
      if (written > 0 && written % PAPERS_PER_TURN === 0) await nextTurn();
      written += 1;
      try {
        report[this.#write(plan, items, listing, report.warnings)] += 1;
        listed.push(plan.id);
      } catch (error) {
        report.notWritten += 1;
        report.warnings.push(`${listing.source}: item ${position} ("${items[0]?.title}") not saved: ${(error as Error).message}`);
      }
    }
    const writeDay = (day: string, write: () => void) => {
      try {
        write();
      } catch (error) {
        report.notWritten += 1;
        report.warnings.push(`${this.dayFile(day)}: not written: ${(error as Error).message}`);
      }
    };
    for (const [from, to] of renames) writeDay(from, () => this.#renameInDays(from, to));
    if (listing.day) {
      const day = listing.day;
      // A re-fetch puts the new order first and keeps what was listed before after it: nothing is lost.
      const previous = this.#days.get(day) ?? [];
      writeDay(day, () => this.#writeDay(day, [...new Set([...listed, ...previous])]));
    }
    return report;
  }
}

/**
 * Open the content folder (`papers/`, `days/` inside it), reading its index once, after removing the
 * temporary files of killed runs from it.
 */
export async function openStore(contentDir: string): Promise<Store> {
  const store = new ContentStore(contentDir);
  store.load();
  return store;
}
