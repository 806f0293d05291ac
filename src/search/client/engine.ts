/**
 * The search page's search engine over the bundle the indexer writes (format
 * in format.ts): fetches only what a search needs (the manifest, the term
 * shards of the query's words, the fragment files of the results shown) and
 * the filter columns once counts, filters or a date sort are wanted, the
 * upvote column only to sort by upvotes.
 *
 * Ranking is BM25 over title, abstract, AI summary, authors and keywords (title
 * and keyword words weigh more); every word of the query must match a word
 * with the same stem, and the last one may also match, weighted down, as the
 * start of a longer word, so results appear while a word is still typed.
 */
import { ByteReader, MANIFEST_FILE, POSTINGS_BITMAP, SCORE_SCALE, fragmentFile, isoDay, shardFile, type Fragment, type Manifest } from '../format.ts';
import type { FilterKey, SearchState } from './state.ts';
import { FILTER_KEYS } from './state.ts';
import { terms as termsOf } from '../text.ts';

/** filter key → value → number of results. */
export type FilterCounts = Record<string, Record<string, number>>;

/** A word that starts with a query word counts this much less than the word itself. */
const PREFIX_WEIGHT = 0.5;
/** At most this many longer words stand in for one query word (the most frequent ones). */
const MAX_EXPANSIONS = 40;

/** The first two bytes of every gzip stream. */
const GZIP_MAGIC = [0x1f, 0x8b];

async function gunzip(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A gzipped index file's content, whether or not the server already had the browser decode it: many hosts (Vite's
 * preview server among them) label `.gz` files `Content-Encoding: gzip`, and the browser hands over the decoded
 * body; others send the gzip bytes as they are. So the body is unpacked only when it starts as gzip does. No file
 * of the bundle starts that way once decoded but the upvotes column might (31 upvotes, then a number whose first
 * varint byte is 0x8b): a body that does not unpack as gzip is taken as it is.
 */
async function fetchGzip(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`search index: ${url} answered ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  if (body[0] !== GZIP_MAGIC[0] || body[1] !== GZIP_MAGIC[1]) return body;
  return gunzip(body).catch(() => body);
}

interface TermPostings {
  records: Uint32Array;
  /** The 4-bit scores as stored, two to a byte (record i's is nibble i): read in place, never unpacked. */
  packedScores: Uint8Array;
}

/**
 * A term shard, read lazily: opening it only notes where each word's bytes
 * are; a word's postings are decoded the first time a query asks for it, so a
 * query pays for its own words, not for every word that shares their shards.
 */
class Shard {
  private readonly data: Uint8Array;
  /** `total`: the number of records, the length of a bitmap. */
  private readonly total: number;
  /** Per word: where its bytes start and end, its record count, whether a bitmap, where its postings start and end. */
  private readonly entries: Uint32Array;
  private readonly decoded = new Map<number, TermPostings>();

  constructor(data: Uint8Array, total: number) {
    this.data = data;
    this.total = total;
    const reader = new ByteReader(data);
    const entries: number[] = [];
    while (!reader.done) {
      const wordLength = reader.varint();
      const wordStart = reader.offset;
      reader.offset += wordLength;
      const count = reader.varint();
      const bitmap = reader.byte() === POSTINGS_BITMAP ? 1 : 0;
      const size = reader.varint();
      entries.push(wordStart, wordLength, count, bitmap, reader.offset);
      reader.offset += size;
    }
    this.entries = Uint32Array.from(entries);
  }

  /** The words equal to `term`'s bytes or, with `prefix`, starting with them; nothing is decoded but the words. */
  find(term: Uint8Array, prefix: boolean): WordRef[] {
    const found: WordRef[] = [];
    const { data, entries } = this;
    for (let at = 0; at < entries.length; at += ENTRY_FIELDS) {
      const start = entries[at]!;
      const length = entries[at + 1]!;
      if (prefix ? length < term.length : length !== term.length) continue;
      let same = true;
      for (let i = 0; i < term.length && same; i++) same = data[start + i] === term[i];
      if (same) found.push({ word: TEXT.decode(data.subarray(start, start + length)), count: entries[at + 2]!, shard: this, at });
    }
    return found;
  }

  postings(at: number): TermPostings {
    let postings = this.decoded.get(at);
    if (postings) return postings;
    const count = this.entries[at + 2]!;
    const reader = new ByteReader(this.data);
    reader.offset = this.entries[at + 4]!;
    const records = new Uint32Array(count);
    if (this.entries[at + 3] === 1) {
      const bitmap = reader.bytes(Math.ceil(this.total / 8));
      let i = 0;
      for (let byte = 0; byte < bitmap.length; byte++) {
        let bits = bitmap[byte]!;
        while (bits !== 0) {
          const low = bits & -bits;
          records[i++] = byte * 8 + 31 - Math.clz32(low);
          bits ^= low;
        }
      }
    } else {
      let previous = 0;
      for (let i = 0; i < count; i++) {
        previous += reader.varint();
        records[i] = previous;
      }
    }
    postings = { records, packedScores: reader.bytes(Math.ceil(count / 2)) };
    this.decoded.set(at, postings);
    return postings;
  }
}

/** A word found in a shard, its postings not yet decoded. */
interface WordRef {
  word: string;
  /** How many records hold it. */
  count: number;
  shard: Shard;
  at: number;
}

/** Numbers per word in `Shard.entries`. */
const ENTRY_FIELDS = 5;
const TEXT = new TextDecoder();

/** The filter columns, one entry per record. */
interface Facets {
  days: Int32Array;
  kinds: string[];
  kind: Uint16Array;
  orgs: string[];
  /** 0: none, else orgs[org - 1]. */
  org: Uint32Array;
  topics: string[];
  /** Record r's topics are topicList[topicStart[r] .. topicStart[r + 1]). */
  topicStart: Uint32Array;
  topicList: Uint16Array;
  years: string[];
  /** Index into `years`, or -1 when undated. */
  year: Int32Array;
}

function decodeFacets(data: Uint8Array, records: number): Facets {
  const reader = new ByteReader(data);
  const tables = JSON.parse(new TextDecoder().decode(reader.bytes(reader.varint()))) as {
    kinds: string[];
    orgs: string[];
    topics: string[];
    topicMask: boolean;
  };
  const days = new Int32Array(records);
  let day = 0;
  for (let r = 0; r < records; r++) {
    const zigzag = reader.varint();
    day += zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
    days[r] = day;
  }
  const kind = new Uint16Array(records);
  for (let r = 0; r < records; r++) kind[r] = reader.varint();
  const org = new Uint32Array(records);
  for (let r = 0; r < records; r++) org[r] = reader.varint();
  const topicStart = new Uint32Array(records + 1);
  const list: number[] = [];
  for (let r = 0; r < records; r++) {
    topicStart[r] = list.length;
    if (tables.topicMask) {
      let mask = reader.varint();
      for (let topic = 0; mask > 0; topic++, mask = Math.floor(mask / 2)) if (mask % 2 === 1) list.push(topic);
    } else {
      const count = reader.varint();
      for (let i = 0; i < count; i++) list.push(reader.varint());
    }
  }
  topicStart[records] = list.length;
  const years: string[] = [];
  const yearNumbers = new Map<string, number>();
  // Records share days (about 40 a day): each day's year is worked out once, not once per record.
  const dayYears = new Map<number, number>();
  const year = new Int32Array(records);
  for (let r = 0; r < records; r++) {
    let n = dayYears.get(days[r]!);
    if (n === undefined) {
      const value = isoDay(days[r]!)?.slice(0, 4);
      if (value === undefined) n = -1;
      else {
        n = yearNumbers.get(value);
        if (n === undefined) {
          n = years.length;
          years.push(value);
          yearNumbers.set(value, n);
        }
      }
      dayYears.set(days[r]!, n);
    }
    year[r] = n;
  }
  return { days, kinds: tables.kinds, kind, orgs: tables.orgs, org, topics: tables.topics, topicStart, topicList: Uint16Array.from(list), years, year };
}

/** Which values of each filter a record has, as numbers into the facet tables. */
function recordValues(facets: Facets, key: FilterKey, record: number, into: number[]): number[] {
  into.length = 0;
  switch (key) {
    case 'kind':
      into.push(facets.kind[record]!);
      break;
    case 'organisation':
      if (facets.org[record]! > 0) into.push(facets.org[record]! - 1);
      break;
    case 'year':
      if (facets.year[record]! >= 0) into.push(facets.year[record]!);
      break;
    case 'topic':
      for (let i = facets.topicStart[record]!; i < facets.topicStart[record + 1]!; i++) into.push(facets.topicList[i]!);
      break;
  }
  return into;
}

function valueTable(facets: Facets, key: FilterKey): string[] {
  return key === 'kind' ? facets.kinds : key === 'organisation' ? facets.orgs : key === 'year' ? facets.years : facets.topics;
}

export interface SearchOutcome {
  /** Matching records in the order asked for. */
  records: number[];
  /** Records matching the query alone (before filters), for counts. */
  matched: Uint32Array;
  /** Index words that matched, for highlighting excerpts. */
  words: Set<string>;
}

export class SearchIndex {
  private readonly shards = new Map<string, Promise<Shard>>();
  private readonly encoder = new TextEncoder();
  private readonly fragments = new Map<string, Promise<Fragment[]>>();
  private facetsPromise: Promise<Facets> | undefined;
  private facets: Facets | undefined;
  private upvotesPromise: Promise<Uint32Array> | undefined;
  private upvotes: Uint32Array | undefined;
  private readonly bundle: string;
  private readonly manifest: Manifest;

  private constructor(bundle: string, manifest: Manifest) {
    this.bundle = bundle;
    this.manifest = manifest;
  }

  /** `bundle` is the bundle folder's URL, ending in "/". */
  static async load(bundle: string): Promise<SearchIndex> {
    return SearchIndex.open(bundle, JSON.parse(new TextDecoder().decode(await fetchGzip(`${bundle}${MANIFEST_FILE}`))) as Manifest);
  }

  /** The index with a manifest already at hand (the copy in the search page). */
  static open(bundle: string, manifest: Manifest): SearchIndex {
    return new SearchIndex(bundle, manifest);
  }

  get records(): number {
    return this.manifest.records;
  }

  get facetsLoaded(): boolean {
    return this.facets !== undefined;
  }

  loadFacets(): Promise<void> {
    this.facetsPromise ??= fetchGzip(`${this.bundle}${this.manifest.docsFile}`).then((data) => decodeFacets(data, this.manifest.records));
    return this.facetsPromise.then((facets) => {
      this.facets = facets;
    });
  }

  loadUpvotes(): Promise<void> {
    this.upvotesPromise ??= fetchGzip(`${this.bundle}${this.manifest.upvotesFile}`).then((data) => {
      const reader = new ByteReader(data);
      return Uint32Array.from({ length: this.manifest.records }, () => reader.varint());
    });
    return this.upvotesPromise.then((upvotes) => {
      this.upvotes = upvotes;
    });
  }

  private shard(index: number): Promise<Shard> {
    const file = shardFile(this.manifest.build, index);
    let shard = this.shards.get(file);
    if (!shard) {
      shard = fetchGzip(`${this.bundle}${file}`).then((data) => new Shard(data, this.manifest.records));
      this.shards.set(file, shard);
      shard.catch(() => this.shards.delete(file));
    }
    return shard;
  }

  /** The shards that may hold `term` and the words starting with it: the last one starting at or before it, then every following one that starts with it. */
  private shardRange(term: string): number[] {
    const firsts = this.manifest.shardFirstTerms;
    if (firsts.length === 0) return [];
    let low = 0;
    let high = firsts.length - 1;
    let first = 0;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (firsts[mid]! <= term) {
        first = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    let last = first;
    while (last + 1 < firsts.length && firsts[last + 1]!.startsWith(term)) last++;
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  }

  /**
   * Asks for the shards a search for `query` reads, without waiting for them: the search page does so as soon as
   * its script runs, so they are on their way while the browser parses and lays out the rest of the page.
   */
  prefetch(query: string): void {
    for (const term of new Set(termsOf(query))) {
      // A shard that fails is asked for again, and its failure reported, by the search itself.
      for (const index of this.shardRange(term)) this.shard(index).catch(() => {});
    }
  }

  /** The index words equal to `term` or, with `prefix`, starting with it, with their postings. */
  private async wordsFor(term: string, prefix: boolean): Promise<[string, TermPostings][]> {
    const shards = await Promise.all(this.shardRange(term).map((index) => this.shard(index)));
    const bytes = this.encoder.encode(term);
    const found = shards.flatMap((shard) => shard.find(bytes, prefix));
    const exact = found.filter(({ word }) => word === term);
    const longer = found
      .filter(({ word }) => word !== term)
      .sort((a, b) => b.count - a.count)
      .slice(0, MAX_EXPANSIONS);
    // Only the chosen words are decoded.
    return [...exact, ...longer].map(({ word, shard, at }) => [word, shard.postings(at)]);
  }

  private idf(count: number): number {
    const n = this.manifest.records;
    return Math.log(1 + (n - count + 0.5) / (count + 0.5));
  }

  /**
   * Records matching every word of `query` (ascending) and their scores
   * (`scores[record]`; meaningless for other records); null for a query
   * without words. Only the query's postings are visited, never every record.
   */
  private async match(query: string): Promise<{ records: Uint32Array; scores: Float64Array; words: Set<string> } | null> {
    const queryTerms = [...new Set(termsOf(query))];
    if (queryTerms.length === 0) return null;
    // Only the last word may be unfinished (typed so far): it also matches the longer words it starts.
    const perTerm = await Promise.all(queryTerms.map((term, i) => this.wordsFor(term, i === queryTerms.length - 1)));
    const total = this.manifest.records;
    const words = new Set<string>();
    const scores = new Float64Array(total);
    // How many of the words so far a record matched: a record stays in while it matched all of them.
    const hits = new Uint8Array(total);
    // A record's best score for the current word (over the words it stands for), 0 when none yet.
    const best = new Float32Array(total);
    // The records the current word reached, in `touched[0 .. reached)`.
    const touched = new Uint32Array(total);
    let reached = 0;
    perTerm.forEach((entries, i) => {
      const term = queryTerms[i]!;
      reached = 0;
      for (const [word, postings] of entries) {
        words.add(word);
        const weight = (word === term ? 1 : PREFIX_WEIGHT) * this.idf(postings.records.length) * ((this.manifest.k1 + 1) / SCORE_SCALE);
        const { records, packedScores } = postings;
        for (let j = 0; j < records.length; j++) {
          const record = records[j]!;
          if (hits[record] !== i) continue;
          const score = ((packedScores[j >> 1]! >> ((j & 1) << 2)) & 15) * weight;
          if (best[record] === 0) touched[reached++] = record;
          if (score > best[record]!) best[record] = score;
        }
      }
      for (let j = 0; j < reached; j++) {
        const record = touched[j]!;
        hits[record] = i + 1;
        scores[record]! += best[record]!;
        best[record] = 0;
      }
    });
    // The last word's records that got this far matched every word.
    const records = touched.slice(0, reached).sort();
    return { records, scores, words };
  }

  /** Filters as value numbers, or null when a chosen value does not exist (nothing can match it). */
  private chosen(state: SearchState, facets: Facets): Map<FilterKey, Set<number>> {
    const chosen = new Map<FilterKey, Set<number>>();
    for (const key of FILTER_KEYS) {
      if (state.filters[key].length === 0) continue;
      const table = valueTable(facets, key);
      chosen.set(key, new Set(state.filters[key].map((value) => table.indexOf(value)).filter((n) => n >= 0)));
    }
    return chosen;
  }

  private passes(facets: Facets, chosen: Map<FilterKey, Set<number>>, record: number, skip: FilterKey | null, scratch: number[]): boolean {
    for (const [key, values] of chosen) {
      if (key === skip) continue;
      if (!recordValues(facets, key, record, scratch).some((value) => values.has(value))) return false;
    }
    return true;
  }

  /**
   * Runs a search. Filters and the "newest" sort need the filter columns and
   * the "upvotes" sort the upvote column: the caller loads them first.
   */
  async search(state: SearchState): Promise<SearchOutcome> {
    const match = state.query ? await this.match(state.query) : null;
    const facets = this.facets;
    let matched: Uint32Array;
    if (match) matched = match.records;
    else if (state.query) matched = new Uint32Array(0);
    else matched = Uint32Array.from({ length: this.manifest.records }, (_, i) => i);
    let records = [...matched];
    const anyFilter = FILTER_KEYS.some((key) => state.filters[key].length > 0);
    if (anyFilter) {
      if (!facets) throw new Error('search index: filters need the filter columns (loadFacets)');
      const chosen = this.chosen(state, facets);
      const scratch: number[] = [];
      records = records.filter((record) => this.passes(facets, chosen, record, null, scratch));
    }
    const scores = match?.scores;
    const score = (record: number) => (scores ? scores[record]! : 0);
    // Records are numbered oldest first (src/lib/site/search-indexing.ts): on a tie the newer comes first.
    const byRelevance = (a: number, b: number) => score(b) - score(a) || b - a;
    if (state.sort === 'newest' || (!match && state.sort === 'relevance' && facets)) {
      if (!facets) throw new Error('search index: sorting by date needs the filter columns (loadFacets)');
      records.sort((a, b) => facets.days[b]! - facets.days[a]! || byRelevance(a, b));
    } else if (state.sort === 'upvotes') {
      const upvotes = this.upvotes;
      if (!upvotes) throw new Error('search index: sorting by upvotes needs the upvote column (loadUpvotes)');
      records.sort((a, b) => upvotes[b]! - upvotes[a]! || byRelevance(a, b));
    } else {
      records.sort(byRelevance);
    }
    return { records, matched, words: match?.words ?? new Set() };
  }

  /**
   * Counts each filter value would have: the query's records narrowed by the
   * other filters' choices (values of one filter widen the search, so a
   * filter's own choice does not narrow its counts).
   */
  counts(state: SearchState, matched: Uint32Array): FilterCounts {
    const facets = this.facets;
    if (!facets) throw new Error('search index: counts need the filter columns (loadFacets)');
    const chosen = this.chosen(state, facets);
    const counts: FilterCounts = {};
    const scratch: number[] = [];
    const values: number[] = [];
    for (const key of FILTER_KEYS) {
      const table = valueTable(facets, key);
      const tally = new Uint32Array(table.length);
      for (const record of matched) {
        if (!this.passes(facets, chosen, record, key, scratch)) continue;
        for (const value of recordValues(facets, key, record, values)) tally[value]! += 1;
      }
      const entries: Record<string, number> = {};
      table.forEach((value, i) => {
        if (tally[i]! > 0) entries[value] = tally[i]!;
      });
      counts[key] = entries;
    }
    return counts;
  }

  async fragment(record: number): Promise<Fragment> {
    const file = fragmentFile(this.manifest.groupSize, record);
    let group = this.fragments.get(file);
    if (!group) {
      group = fetchGzip(`${this.bundle}${file}?v=${this.manifest.build}`).then((data) => JSON.parse(new TextDecoder().decode(data)) as Fragment[]);
      this.fragments.set(file, group);
      group.catch(() => this.fragments.delete(file));
    }
    const fragment = (await group)[record % this.manifest.groupSize];
    if (!fragment) throw new Error(`search index: record ${record} is missing from ${file}`);
    return fragment;
  }
}
