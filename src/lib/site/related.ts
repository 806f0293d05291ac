/**
 * "Related papers": TF-IDF cosine similarity over title, abstract and keywords.
 * Vectors are sparse and scored through an inverted index, so the cost grows
 * with the number of papers sharing rare words, not with all pairs.
 *
 * The term statistics (how many papers use a word, and how strong a word's
 * strongest papers are) come from the archive's oldest papers, a reference set
 * that grows in steps of an eighth of the archive (`referenceSize`), not from
 * every paper. Measured over the whole archive, each new day moved every weight
 * a little and about 1,400 of 50,000 lists with it, so every list had to be
 * scored again each day. With the reference set fixed between steps, a paper's
 * weights depend only on its own text, a new day can change a list only by
 * entering it, and a rebuild updates the previous build's lists
 * (`RelatedListsMemo`) instead of scoring 50,000 again, with the same result.
 */
import { Uint32List } from '../uint32-list.ts';
import { MemoRecall, textDigest, type WordMemo } from '../../search/word-memo.ts';
import { forEachWord } from '../words.ts';

export interface RelatedInput {
  id: string;
  text: string;
}

const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by can
  could did do does doing down during each few for from further had has have having here how however i if in into is it its itself
  just more most much must no nor not now of off on once only or other our ours out over own same should so some such than that the
  their theirs them then there these they this those through to too under until up very was we were what when where which while who
  whom why will with would you your yet via using use used based new show shows shown propose proposed paper approach method methods
  results result achieve achieves work works model models data task tasks performance existing recent however across well large
  significantly state art furthermore extensive experiments demonstrate introduce present study novel framework`.split(/\s+/),
);

/** Papers on a related list. */
export const RELATED_LIMIT = 5;

/** Per paper, only its strongest terms are used as the query: enough for ranking, bounded cost. */
const QUERY_TERMS = 30;
/** Terms on more than this share of papers say little about any of them. */
const MAX_DOC_SHARE = 0.25;
/** Per term, only postings as strong as its this-many strongest in the reference set are scored. */
const MAX_POSTINGS = 200;
/** Below this many papers the reference set is every paper: scoring them all again costs little. */
const WHOLE_REFERENCE_BELOW = 4096;

/**
 * How many of the oldest of `total` papers the term statistics come from: all of them below WHOLE_REFERENCE_BELOW,
 * else `total` rounded down to a multiple of an eighth of the power of two below it (49,152 of 50,000 papers, for the
 * next 4,096). An archive growing by 40 papers a day changes its reference set about every hundred days; then every
 * list is scored again.
 */
export function referenceSize(total: number): number {
  if (total < WHOLE_REFERENCE_BELOW) return total;
  const step = 2 ** (Math.floor(Math.log2(total)) - 3);
  return Math.floor(total / step) * step;
}

/** A lower-cased word of more than two characters as a term ("models" → "model"), or undefined for a stopword. */
function termOf(word: string): string | undefined {
  if (STOPWORDS.has(word)) return undefined;
  return word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/**
 * Calls `visit` with the start and end of each word of `lower` (lower-cased
 * text) that may be a term: words (src/lib/words.ts) longer than two
 * characters, not a number.
 */
function forEachCandidate(lower: string, visit: (start: number, end: number) => void): void {
  forEachWord(lower, (start, end, digitsOnly) => {
    if (end - start > 2 && !digitsOnly) visit(start, end);
  });
}

/**
 * Calls `visit` with each word of `text` that can tell papers apart: words
 * (src/lib/words.ts), lower-cased, longer than two characters, not a stopword
 * or a number, with a plural "s" dropped.
 */
export function forEachToken(text: string, visit: (token: string) => void): void {
  const lower = text.toLowerCase();
  forEachCandidate(lower, (start, end) => {
    const term = termOf(lower.slice(start, end));
    if (term !== undefined) visit(term);
  });
}

/**
 * Sparse vectors of all documents in one flat layout (CSR): document `d` owns
 * entries `start[d]` to `start[d + 1]`, in the order its terms first occur.
 * Flat typed arrays instead of a Map per document and an object per posting
 * keep a 50,000-paper archive to a few arrays, for the garbage collector too.
 */
interface Vectors {
  start: Int32Array;
  terms: Int32Array;
  weights: Float64Array;
}

/** Per term, its scored postings (`docs`/`weights` from `start[t]` to `start[t + 1]`) and the weight they reach. */
interface Postings {
  start: Int32Array;
  docs: Int32Array;
  weights: Float64Array;
  thresholds: Float64Array;
}

/** Term counts of every document (CSR like Vectors, counts instead of weights) and the terms, by number. */
interface TermCounts {
  start: Int32Array;
  terms: Uint32Array;
  counts: Uint32Array;
  termCount: number;
  words: string[];
}

/** What `countTerms` may take from the previous build and what it leaves for the next (src/search/word-memo.ts). */
export interface TermMemo {
  /** The previous build's counts, when the page cache trusts that build. */
  previous?: WordMemo;
  /** Receives this build's counts. */
  keep?: (memo: WordMemo) => void;
}

function countTerms(docs: RelatedInput[], digests: string[], memo?: TermMemo): TermCounts {
  const termIds = new Map<string, number>();
  const termWords: string[] = [];
  const start = new Int32Array(docs.length + 1);
  // As many entries as the previous build counted, and room for a few new days, when a memo says how many.
  const expected = memo?.previous ? Math.ceil((memo.previous.pairs.length / 2) * 1.05) : undefined;
  const terms = new Uint32List(expected);
  const counts = new Uint32List(expected);
  // Per term: 1 + the last document it occurred in (0: none yet) and its entry there, so a repeat only bumps the count.
  const lastDoc = new Uint32List();
  const lastEntry = new Uint32List();
  const termIdOf = (term: string): number => {
    let termId = termIds.get(term);
    if (termId === undefined) {
      termId = termIds.size;
      termIds.set(term, termId);
      termWords.push(term);
      lastDoc.push(0);
      lastEntry.push(0);
    }
    return termId;
  };
  // A text the previous build counted gives its terms and counts in the order counting finds them, so terms are
  // numbered, and weighed, exactly as if counted.
  const recall = memo?.previous && new MemoRecall(memo.previous, termIdOf);
  // Each word as written → its term's number (-1: a stopword): the same words recur across 50,000 abstracts,
  // so one lookup per word replaces a stopword lookup, a plural check and a term lookup.
  const wordTerms = new Map<string, number>();
  docs.forEach((doc, index) => {
    start[index] = terms.length;
    const remembered = recall?.textOf(digests[index]!);
    if (recall && remembered !== undefined) {
      recall.forEachPair(remembered, (termId, count) => {
        terms.push(termId);
        counts.push(count);
      });
      return;
    }
    const lower = doc.text.toLowerCase();
    forEachCandidate(lower, (from, to) => {
      const word = lower.slice(from, to);
      let termId = wordTerms.get(word);
      if (termId === undefined) {
        const term = termOf(word);
        termId = term === undefined ? -1 : termIdOf(term);
        wordTerms.set(word, termId);
      }
      if (termId < 0) return;
      if (lastDoc.data[termId] === index + 1) {
        const entry = lastEntry.data[termId] as number;
        counts.data[entry] = (counts.data[entry] as number) + 1;
        return;
      }
      lastDoc.data[termId] = index + 1;
      lastEntry.data[termId] = terms.length;
      terms.push(termId);
      counts.push(1);
    });
  });
  start[docs.length] = terms.length;
  const counted = { start, terms: terms.values(), counts: counts.values(), termCount: termWords.length, words: termWords };
  if (memo?.keep) {
    const pairs = new Uint32Array(counted.terms.length * 2);
    counted.terms.forEach((termId, entry) => {
      pairs[entry * 2] = termId;
      pairs[entry * 2 + 1] = counted.counts[entry]!;
    });
    memo.keep({ words: termWords, digests, pairEnds: Uint32Array.from(start.subarray(1), (end) => end * 2), pairs });
  }
  return counted;
}

/**
 * Weighs every document's terms by the reference set's statistics (the last `reference` documents: the oldest, as
 * documents run newest first): a term on one of the reference papers or on more than MAX_DOC_SHARE of them is left
 * out, any other is weighed by its rarity there (a term no reference paper uses, a new word, counts as used once). So
 * a document's weights depend on its own text and the reference set only.
 */
function weighVectors({ start: countStart, terms: countTerms, counts, termCount }: TermCounts, reference: number): Vectors {
  const total = countStart.length - 1;
  const docFreq = new Uint32Array(termCount);
  for (let entry = countStart[total - reference] as number; entry < (countStart[total] as number); entry += 1) {
    const termId = countTerms[entry] as number;
    docFreq[termId] = (docFreq[termId] as number) + 1;
  }
  const maxDocs = Math.max(2, Math.floor(reference * MAX_DOC_SHARE));
  const start = new Int32Array(total + 1);
  const terms = new Int32Array(countTerms.length);
  const weights = new Float64Array(countTerms.length);
  let kept = 0;
  for (let doc = 0; doc < total; doc += 1) {
    start[doc] = kept;
    let norm = 0;
    for (let entry = countStart[doc] as number; entry < (countStart[doc + 1] as number); entry += 1) {
      const termId = countTerms[entry] as number;
      const referenceDocs = docFreq[termId] as number;
      // A word only one reference paper uses cannot link it to another: left out, as it would only dilute the paper's
      // other weights. A word no reference paper uses is newer than the reference set and may link the papers since.
      // A term every reference paper uses weighs nothing (a reference set of one or two papers).
      if (referenceDocs === 1 || referenceDocs > maxDocs || referenceDocs >= reference) continue;
      const weight = (1 + Math.log(counts[entry] as number)) * Math.log(reference / Math.max(1, referenceDocs));
      terms[kept] = termId;
      weights[kept] = weight;
      kept += 1;
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    for (let entry = start[doc] as number; entry < kept; entry += 1) weights[entry] = (weights[entry] as number) / norm;
  }
  start[total] = kept;
  return { start, terms: terms.subarray(0, kept), weights: weights.subarray(0, kept) };
}

/**
 * Per term, the postings that are scored: those as strong as its MAX_POSTINGS-th strongest posting in the reference
 * set (every posting, when the reference set has no more than MAX_POSTINGS): a common term's weak postings add little
 * to any cosine, and the cap bounds the work per paper however large the archive grows. The threshold is the
 * reference set's, so a new paper may join a term's postings but never pushes another out.
 *
 * `known`: the thresholds, known already (from the previous build: the same reference set), and the only terms whose
 * postings are wanted; the others' lists are left empty.
 */
function scoredPostings(vectors: Vectors, termCount: number, reference: number, known?: { thresholds: Float64Array; only: Uint8Array }): Postings {
  const listLength = new Int32Array(termCount);
  for (const termId of vectors.terms) if (!known || known.only[termId]) listLength[termId] = (listLength[termId] as number) + 1;
  const listStart = new Int32Array(termCount + 1);
  for (let termId = 0; termId < termCount; termId += 1) listStart[termId + 1] = (listStart[termId] as number) + (listLength[termId] as number);
  const listed = listStart[termCount] as number;
  const allDocs = new Int32Array(listed);
  const allWeights = new Float64Array(listed);
  const filled = listStart.slice(0, termCount);
  for (let doc = 0; doc + 1 < vectors.start.length; doc += 1) {
    for (let entry = vectors.start[doc] as number; entry < (vectors.start[doc + 1] as number); entry += 1) {
      const termId = vectors.terms[entry] as number;
      if (known && !known.only[termId]) continue;
      const slot = filled[termId] as number;
      allDocs[slot] = doc;
      allWeights[slot] = vectors.weights[entry] as number;
      filled[termId] = slot + 1;
    }
  }
  const firstReference = vectors.start.length - 1 - reference;
  const start = new Int32Array(termCount + 1);
  const thresholds = known?.thresholds ?? new Float64Array(termCount).fill(-Infinity);
  // Kept postings are compacted in place: a posting is never written past the one being read.
  const docs = allDocs;
  const weights = allWeights;
  let kept = 0;
  let longest = 0;
  for (const length of listLength) longest = Math.max(longest, length);
  const scratch = new Float64Array(longest);
  for (let termId = 0; termId < termCount; termId += 1) {
    const from = listStart[termId] as number;
    const to = listStart[termId + 1] as number;
    if (!known) {
      // The reference papers' postings are the last of the list (papers run newest first).
      let referenceFrom = to;
      while (referenceFrom > from && (allDocs[referenceFrom - 1] as number) >= firstReference) referenceFrom -= 1;
      if (to - referenceFrom > MAX_POSTINGS) {
        const list = scratch.subarray(0, to - referenceFrom);
        list.set(allWeights.subarray(referenceFrom, to));
        thresholds[termId] = selectAscending(list, to - referenceFrom - MAX_POSTINGS);
      }
    }
    const threshold = thresholds[termId] as number;
    for (let slot = from; slot < to; slot += 1) {
      const weight = allWeights[slot] as number;
      if (weight >= threshold) {
        docs[kept] = allDocs[slot] as number;
        weights[kept] = weight;
        kept += 1;
      }
    }
    start[termId + 1] = kept;
  }
  return { start, docs: docs.subarray(0, kept), weights: weights.subarray(0, kept), thresholds };
}

/** The value that would be at index `k` if `list` were sorted ascending (quickselect; reorders `list`). */
export function selectAscending(list: Float64Array, k: number): number {
  let low = 0;
  let high = list.length - 1;
  while (low < high) {
    const pivot = list[(low + high) >> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((list[i] as number) < pivot) i += 1;
      while ((list[j] as number) > pivot) j -= 1;
      if (i <= j) {
        const swap = list[i] as number;
        list[i] = list[j] as number;
        list[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return list[k] as number;
  }
  return list[k] as number;
}

/** What a paper is compared by: its title, abstract and keywords. */
export function relatedInput(paper: { id: string; title: string; abstract: string; keywords: readonly string[] }): RelatedInput {
  return { id: paper.id, text: `${paper.title}\n${paper.abstract}\n${paper.keywords.join(' ')}` };
}

/**
 * The related index of one set of documents: their vectors and scored postings, and the lists of documents by
 * position (ties: the earlier document first).
 */
/**
 * Puts the document's strongest terms (their vector entries) into `into` from `offset`, strongest first, ties in the
 * order they occur (what a stable sort of the entries would put first), and returns how many: kept by insertion,
 * cheaper than sorting every entry, and the order a list's scores are summed in.
 */
function chooseQuery({ start, weights }: Vectors, doc: number, into: Int32Array, offset: number): number {
  let chosen = 0;
  for (let entry = start[doc] as number, to = start[doc + 1] as number; entry < to; entry += 1) {
    const weight = weights[entry] as number;
    if (chosen === QUERY_TERMS && weight <= (weights[into[offset + QUERY_TERMS - 1]!] as number)) continue;
    let slot = chosen < QUERY_TERMS ? chosen++ : QUERY_TERMS - 1;
    while (slot > 0 && weight > (weights[into[offset + slot - 1]!] as number)) {
      into[offset + slot] = into[offset + slot - 1]!;
      slot -= 1;
    }
    into[offset + slot] = entry;
  }
  return chosen;
}

class RelatedIndex {
  readonly vectors: Vectors;
  readonly postings: Postings;
  private readonly limit: number;
  private readonly scores: Float64Array;
  /** The documents scored for the current one, in the order first touched. */
  private readonly touched: Int32Array;
  /** The current query's vector entries, strongest first. */
  private readonly queryEntries = new Int32Array(QUERY_TERMS);

  constructor(vectors: Vectors, postings: Postings, limit: number) {
    this.vectors = vectors;
    this.postings = postings;
    this.limit = limit;
    const total = vectors.start.length - 1;
    this.scores = new Float64Array(total);
    this.touched = new Int32Array(total);
  }

  /** The positions of up to `limit` documents most similar to `doc`, best first; their scores go to `scoresOut`. */
  find(doc: number, scoresOut?: number[]): number[] {
    const { scores, touched, queryEntries } = this;
    const chosen = chooseQuery(this.vectors, doc, queryEntries, 0);
    const { docs: postingDocs, weights: postingWeights, start: postingStart } = this.postings;
    let touchedCount = 0;
    for (let q = 0; q < chosen; q += 1) {
      const entry = queryEntries[q] as number;
      const termId = this.vectors.terms[entry] as number;
      const weight = this.vectors.weights[entry] as number;
      for (let slot = postingStart[termId] as number, end = postingStart[termId + 1] as number; slot < end; slot += 1) {
        const other = postingDocs[slot] as number;
        if (other === doc) continue;
        const score = scores[other] as number;
        if (score === 0) touched[touchedCount++] = other;
        scores[other] = score + weight * (postingWeights[slot] as number);
      }
    }
    const best = topScores(touched, touchedCount, scores, this.limit);
    if (scoresOut) for (const other of best) scoresOut.push(scores[other] as number);
    for (let i = 0; i < touchedCount; i += 1) scores[touched[i] as number] = 0;
    return best;
  }
}

function buildIndex(docs: RelatedInput[], limit: number): RelatedIndex {
  const reference = referenceSize(docs.length);
  const counted = countTerms(docs, []);
  const vectors = weighVectors(counted, reference);
  return new RelatedIndex(vectors, scoredPostings(vectors, counted.termCount, reference), limit);
}

/**
 * Finds, for a paper id, the ids of up to `limit` most similar papers, best
 * first. The index is built once; each paper's list is computed when asked, so
 * a build process pays only for the paper pages it renders.
 */
export function relatedFinder(docs: RelatedInput[], limit = RELATED_LIMIT): (id: string) => string[] {
  const index = buildIndex(docs, limit);
  const positionOf = new Map(docs.map((doc, position) => [doc.id, position]));
  return (id) => {
    const doc = positionOf.get(id);
    if (doc === undefined) return [];
    return index
      .find(doc)
      .map((other) => docs[other]?.id)
      .filter((other): other is string => other !== undefined);
  };
}

/** No list: the position was not asked for. */
export const NOT_SCORED = -2;

/** A list as kept between builds: the papers' ids, best first, and their scores. */
export interface KeptList {
  ids: string[];
  scores: number[];
}

/**
 * A build's related lists, kept for the next build. They can be taken over
 * where nothing that decides them changed: the same reference set (its papers
 * and texts), and for each list, none of its papers removed, revised or
 * reordered; the next build then only scores the changed papers against them.
 */
export interface RelatedListsMemo {
  /** The reference set: its size and its papers' ids and texts, as one digest. */
  reference: string;
  /** Every paper of that build, in its order, and the digest of its text (`textDigest`). */
  ids: string[];
  digests: string[];
  /** The lists that build scored, by paper id. */
  lists: Map<string, KeptList>;
  /** The reference set's posting thresholds, by term (terms left out have none: every posting is scored). */
  thresholds: Map<string, number>;
}

/** The reference set of `ids` (in archive order) as a digest: its size, its papers and their texts. */
function referenceDigest(ids: readonly string[], digests: readonly string[], reference: number): string {
  const from = ids.length - reference;
  return textDigest(`${reference}\n${ids.slice(from).map((id, i) => `${id} ${digests[from + i]}`).join('\n')}`);
}

/** A list being carried over: positions best first and their scores. */
interface CarriedList {
  positions: number[];
  scores: number[];
}

/** Puts `candidate` with `score` into `list` if it makes the first `limit` (ties: the earlier position first). */
function enter(list: CarriedList, candidate: number, score: number, limit: number): void {
  let index = list.positions.length;
  while (index > 0) {
    const previousScore = list.scores[index - 1] as number;
    if (score < previousScore || (score === previousScore && candidate > (list.positions[index - 1] as number))) break;
    index -= 1;
  }
  if (index >= limit) return;
  list.positions.splice(index, 0, candidate);
  list.scores.splice(index, 0, score);
  if (list.positions.length > limit) {
    list.positions.length = limit;
    list.scores.length = limit;
  }
}

/**
 * The previous build's lists carried over to this one's documents, for the wanted documents it can vouch for. A
 * document is "changed" when it is new, its text changed, or it moved relative to the unchanged ones (ties between
 * scores go to the earlier document); every other one has the same weights and postings as in the previous build,
 * so the scores on its list are as they were. A kept list is then exact once every changed document that reaches it
 * through a posting is scored and let in where it beats the list, unless one of the list's own documents left or
 * changed (then the list is scored from scratch). Returns the lists by position; undefined where a list must be
 * scored from scratch.
 */
function carriedLists(
  vectors: Vectors,
  thresholds: Float64Array,
  docs: RelatedInput[],
  digests: string[],
  previous: RelatedListsMemo,
  wanted: (position: number) => boolean,
  limit: number,
): (CarriedList | undefined)[] {
  const positionOf = new Map(docs.map((doc, position) => [doc.id, position]));
  const changed = new Uint8Array(docs.length).fill(1);
  // The unchanged documents keep their order: one that comes before an unchanged predecessor moved (of two that
  // swapped, the later of the previous order is marked, so the unmarked ones are in the same order as before).
  let lastKept = -1;
  previous.ids.forEach((id, i) => {
    const position = positionOf.get(id);
    if (position !== undefined && digests[position] === previous.digests[i] && position > lastKept) {
      changed[position] = 0;
      lastKept = position;
    }
  });
  const carried: (CarriedList | undefined)[] = new Array(docs.length);
  // The carried lists' queries, QUERY_TERMS entries per document, and per term the documents whose query uses it.
  const queries = new Int32Array(docs.length * QUERY_TERMS);
  const queryLength = new Uint8Array(docs.length);
  const { start, terms, weights } = vectors;
  const usersOfTerm = new Int32Array(thresholds.length + 1);
  for (let doc = 0; doc < docs.length; doc += 1) {
    if (changed[doc] || !wanted(doc)) continue;
    const kept = previous.lists.get(docs[doc]!.id);
    if (!kept || kept.ids.length !== kept.scores.length) continue;
    const positions = kept.ids.map((id) => positionOf.get(id) ?? -1);
    if (positions.some((position) => position < 0 || changed[position])) continue;
    carried[doc] = { positions, scores: [...kept.scores] };
    const length = chooseQuery(vectors, doc, queries, doc * QUERY_TERMS);
    queryLength[doc] = length;
    for (let q = 0; q < length; q += 1) {
      const termId = terms[queries[doc * QUERY_TERMS + q] as number] as number;
      usersOfTerm[termId + 1] = (usersOfTerm[termId + 1] as number) + 1;
    }
  }
  for (let termId = 1; termId < usersOfTerm.length; termId += 1) usersOfTerm[termId] = (usersOfTerm[termId] as number) + (usersOfTerm[termId - 1] as number);
  const users = new Int32Array(usersOfTerm[usersOfTerm.length - 1] as number);
  const filled = usersOfTerm.slice(0, -1);
  for (let doc = 0; doc < docs.length; doc += 1) {
    for (let q = 0; q < (queryLength[doc] as number); q += 1) {
      const termId = terms[queries[doc * QUERY_TERMS + q] as number] as number;
      users[filled[termId]!] = doc;
      filled[termId] = (filled[termId] as number) + 1;
    }
  }
  // Each changed document against each carried list that uses one of its scored postings: its weights per term laid
  // out once, then each such list's score summed over the list's query as `find` sums it (the same terms, the same
  // order), so it is the score `find` would give.
  const candidateWeights = new Float64Array(thresholds.length);
  const scoredFor = new Int32Array(docs.length).fill(-1);
  for (let candidate = 0; candidate < docs.length; candidate += 1) {
    if (!changed[candidate]) continue;
    const from = start[candidate] as number;
    const to = start[candidate + 1] as number;
    for (let entry = from; entry < to; entry += 1) {
      const termId = terms[entry] as number;
      if ((weights[entry] as number) >= (thresholds[termId] as number)) candidateWeights[termId] = weights[entry] as number;
    }
    for (let entry = from; entry < to; entry += 1) {
      const termId = terms[entry] as number;
      if (candidateWeights[termId] === 0) continue;
      for (let slot = usersOfTerm[termId] as number, end = usersOfTerm[termId + 1] as number; slot < end; slot += 1) {
        const doc = users[slot] as number;
        if (scoredFor[doc] === candidate) continue;
        scoredFor[doc] = candidate;
        let score = 0;
        for (let q = doc * QUERY_TERMS, last = q + (queryLength[doc] as number); q < last; q += 1) {
          const queryEntry = queries[q] as number;
          const posting = candidateWeights[terms[queryEntry] as number] as number;
          if (posting > 0) score += (weights[queryEntry] as number) * posting;
        }
        enter(carried[doc]!, candidate, score, limit);
      }
    }
    for (let entry = from; entry < to; entry += 1) candidateWeights[terms[entry] as number] = 0;
  }
  return carried;
}

/** What `relatedPositions` may take from the previous build and what it leaves for the next. */
export interface RelatedMemo extends TermMemo {
  /** The previous build's lists. */
  previousLists?: RelatedListsMemo;
  /** Receives this build's lists (those of the wanted documents). */
  keepLists?: (memo: RelatedListsMemo) => void;
  /**
   * Whether the kept lists note every paper's digest and the reference set, which a next build needs from one of the
   * processes only (src/lib/site/related-memo.ts): the others skip 50,000 digests.
   */
  notePapers?: boolean;
}

/**
 * The related lists of the documents at the positions `wanted` accepts, as
 * positions in one flat array: `limit` slots per document, -1 where its list
 * is shorter, NOT_SCORED in the first slot of a document not asked for.
 * Numbers instead of ids, so a worker thread hands them over in one piece.
 * `memo`: term counts and lists of the previous build to take, and where to leave these.
 */
export function relatedPositions(docs: RelatedInput[], wanted: (position: number) => boolean, limit = RELATED_LIMIT, memo?: RelatedMemo): Int32Array {
  const lists = new Int32Array(docs.length * limit).fill(-1);
  const digests = memo?.previous || memo?.keep || memo?.previousLists || memo?.notePapers ? docs.map((doc) => textDigest(doc.text)) : [];
  const reference = referenceSize(docs.length);
  const counted = countTerms(docs, digests, memo);
  const vectors = weighVectors(counted, reference);
  const ids = docs.map((doc) => doc.id);
  const referenceId = digests.length > 0 ? referenceDigest(ids, digests, reference) : '';
  const previous = referenceId !== '' && memo?.previousLists?.reference === referenceId ? memo.previousLists : undefined;
  let carried: (CarriedList | undefined)[] = [];
  let postings: Postings;
  if (previous) {
    // The same reference set: the previous build's thresholds hold, and postings are needed only for the lists
    // scored from scratch (the changed papers' own, mostly).
    const thresholds = new Float64Array(counted.termCount).fill(-Infinity);
    const termOfWord = new Map(counted.words.map((word, termId) => [word, termId]));
    for (const [word, threshold] of previous.thresholds) {
      const termId = termOfWord.get(word);
      if (termId !== undefined) thresholds[termId] = threshold;
    }
    carried = carriedLists(vectors, thresholds, docs, digests, previous, wanted, limit);
    const only = new Uint8Array(counted.termCount);
    const query = new Int32Array(QUERY_TERMS);
    for (let doc = 0; doc < docs.length; doc += 1) {
      if (carried[doc] || !wanted(doc)) continue;
      const chosen = chooseQuery(vectors, doc, query, 0);
      for (let q = 0; q < chosen; q += 1) only[vectors.terms[query[q]!]!] = 1;
    }
    postings = scoredPostings(vectors, counted.termCount, reference, { thresholds, only });
  } else {
    postings = scoredPostings(vectors, counted.termCount, reference);
  }
  const index = new RelatedIndex(vectors, postings, limit);
  const kept = new Map<string, KeptList>();
  for (let doc = 0; doc < docs.length; doc += 1) {
    if (!wanted(doc)) {
      lists[doc * limit] = NOT_SCORED;
      continue;
    }
    let list = carried[doc];
    if (!list) {
      const scores: number[] = [];
      list = { positions: index.find(doc, scores), scores };
    }
    list.positions.forEach((other, slot) => (lists[doc * limit + slot] = other));
    if (memo?.keepLists) kept.set(ids[doc]!, { ids: list.positions.map((other) => ids[other]!), scores: list.scores });
  }
  if (memo?.keepLists) {
    const thresholds = new Map<string, number>();
    postings.thresholds.forEach((threshold, termId) => threshold > -Infinity && thresholds.set(counted.words[termId]!, threshold));
    memo.keepLists({ reference: referenceId, ids, digests, lists: kept, thresholds });
  }
  return lists;
}

/** For each paper id, the ids of up to `limit` most similar papers, best first. */
export function relatedPapers(docs: RelatedInput[], limit = RELATED_LIMIT): Map<string, string[]> {
  const find = relatedFinder(docs, limit);
  return new Map(docs.map((doc) => [doc.id, find(doc.id)]));
}

/**
 * The `limit` best-scoring of the first `count` candidates, best first (ties: earlier paper first), without sorting
 * them all: a candidate no better than the current last is passed over with one comparison.
 */
function topScores(candidates: Int32Array, count: number, scores: Float64Array, limit: number): number[] {
  const best: number[] = [];
  let last = -1;
  let lastScore = -Infinity;
  for (let i = 0; i < count; i += 1) {
    const candidate = candidates[i] as number;
    const score = scores[candidate] as number;
    if (best.length === limit && (score < lastScore || (score === lastScore && candidate > last))) continue;
    let index = Math.min(best.length, limit - 1);
    while (index > 0) {
      const previous = best[index - 1] as number;
      const previousScore = scores[previous] as number;
      if (score < previousScore || (score === previousScore && candidate > previous)) break;
      best[index] = previous;
      index -= 1;
    }
    best[index] = candidate;
    if (best.length === limit) {
      last = best[limit - 1] as number;
      lastScore = scores[last] as number;
    }
  }
  return best;
}
