/**
 * "Related papers": TF-IDF cosine similarity over title, abstract and keywords.
 * Vectors are sparse and scored through an inverted index, so the cost grows
 * with the number of papers sharing rare words, not with all pairs.
 */
import { Uint32List } from '../uint32-list.ts';
import { MemoRecall, textDigest, type WordMemo } from '../word-memo.ts';
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
/** Per term, only this many of its strongest postings are scored. */
const MAX_POSTINGS = 200;

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

/** Per term, its kept postings: `docs`/`weights` from `start[t]` to `start[t + 1]`. */
type Postings = Vectors & { docs: Int32Array };

/** Term counts of every document (CSR like Vectors, counts instead of weights) and each term's document frequency. */
interface TermCounts {
  start: Int32Array;
  terms: Uint32Array;
  counts: Uint32Array;
  docFreq: Uint32Array;
}

/** What `countTerms` may take from the previous build and what it leaves for the next (src/lib/word-memo.ts). */
export interface TermMemo {
  /** The previous build's counts, when the page cache trusts that build. */
  previous?: WordMemo;
  /** Receives this build's counts. */
  keep?: (memo: WordMemo) => void;
}

function countTerms(docs: RelatedInput[], memo?: TermMemo): TermCounts {
  const termIds = new Map<string, number>();
  const termWords: string[] = [];
  const start = new Int32Array(docs.length + 1);
  const terms = new Uint32List();
  const counts = new Uint32List();
  const docFreq = new Uint32List();
  // Per term: 1 + the last document it occurred in (0: none yet) and its entry there, so a repeat only bumps the count.
  const lastDoc = new Uint32List();
  const lastEntry = new Uint32List();
  const termIdOf = (term: string): number => {
    let termId = termIds.get(term);
    if (termId === undefined) {
      termId = termIds.size;
      termIds.set(term, termId);
      termWords.push(term);
      docFreq.push(0);
      lastDoc.push(0);
      lastEntry.push(0);
    }
    return termId;
  };
  // A text the previous build counted gives its terms and counts in the order counting finds them, so terms are
  // numbered, and weighed, exactly as if counted.
  // Only when there is a memo to read or to write: a process that does neither (the second one) skips 50,000 digests.
  const digests = memo?.previous || memo?.keep ? docs.map((doc) => textDigest(doc.text)) : [];
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
        docFreq.data[termId] = (docFreq.data[termId] as number) + 1;
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
      docFreq.data[termId] = (docFreq.data[termId] as number) + 1;
    });
  });
  start[docs.length] = terms.length;
  const counted = { start, terms: terms.values(), counts: counts.values(), docFreq: docFreq.values() };
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

function weighVectors({ start: countStart, terms: countTerms, counts, docFreq }: TermCounts): Vectors {
  const total = countStart.length - 1;
  const maxDocs = Math.max(2, Math.floor(total * MAX_DOC_SHARE));
  const start = new Int32Array(total + 1);
  const terms = new Int32Array(countTerms.length);
  const weights = new Float64Array(countTerms.length);
  let kept = 0;
  for (let doc = 0; doc < total; doc += 1) {
    start[doc] = kept;
    let norm = 0;
    for (let entry = countStart[doc] as number; entry < (countStart[doc + 1] as number); entry += 1) {
      const termId = countTerms[entry] as number;
      const df = docFreq[termId] as number;
      // A word only one paper uses cannot link it to another.
      if (df < 2 || df > maxDocs) continue;
      const weight = (1 + Math.log(counts[entry] as number)) * Math.log(total / df);
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
 * Each term keeps only its MAX_POSTINGS strongest postings (ties: earlier paper first): a common
 * term's weak postings add little to any cosine, and capping them bounds the work per paper however
 * large the archive grows.
 */
function strongestPostings(vectors: Vectors, termCount: number): Postings {
  const listLength = new Int32Array(termCount);
  for (const termId of vectors.terms) listLength[termId] = (listLength[termId] as number) + 1;
  const listStart = new Int32Array(termCount + 1);
  for (let termId = 0; termId < termCount; termId += 1) listStart[termId + 1] = (listStart[termId] as number) + (listLength[termId] as number);
  const allDocs = new Int32Array(vectors.terms.length);
  const allWeights = new Float64Array(vectors.terms.length);
  const filled = listStart.slice(0, termCount);
  for (let doc = 0; doc + 1 < vectors.start.length; doc += 1) {
    for (let entry = vectors.start[doc] as number; entry < (vectors.start[doc + 1] as number); entry += 1) {
      const termId = vectors.terms[entry] as number;
      const slot = filled[termId] as number;
      allDocs[slot] = doc;
      allWeights[slot] = vectors.weights[entry] as number;
      filled[termId] = slot + 1;
    }
  }
  const start = new Int32Array(termCount + 1);
  const docs = new Int32Array(vectors.terms.length);
  const weights = new Float64Array(vectors.terms.length);
  let kept = 0;
  let longest = 0;
  for (const length of listLength) longest = Math.max(longest, length);
  const scratch = new Float64Array(longest);
  for (let termId = 0; termId < termCount; termId += 1) {
    const from = listStart[termId] as number;
    const to = listStart[termId + 1] as number;
    // The weight of the MAX_POSTINGS-th strongest posting: stronger ones are kept, then equal ones in paper order.
    let threshold = -Infinity;
    if (to - from > MAX_POSTINGS) {
      const list = scratch.subarray(0, to - from);
      list.set(allWeights.subarray(from, to));
      threshold = selectAscending(list, to - from - MAX_POSTINGS);
    }
    let stronger = 0;
    for (let slot = from; slot < to; slot += 1) if ((allWeights[slot] as number) > threshold) stronger += 1;
    let equalRoom = MAX_POSTINGS - stronger;
    for (let slot = from; slot < to; slot += 1) {
      const weight = allWeights[slot] as number;
      if (weight > threshold || (weight === threshold && equalRoom-- > 0)) {
        docs[kept] = allDocs[slot] as number;
        weights[kept] = weight;
        kept += 1;
      }
    }
    start[termId + 1] = kept;
  }
  return { start, docs: docs.subarray(0, kept), weights: weights.subarray(0, kept), terms: new Int32Array(0) };
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
 * Builds the index once and returns, for a document's position in `docs`, the
 * positions of up to `limit` most similar documents, best first.
 */
function relatedByPosition(docs: RelatedInput[], limit: number, memo?: TermMemo): (doc: number) => number[] {
  const counted = countTerms(docs, memo);
  const vectors = weighVectors(counted);
  const postings = strongestPostings(vectors, counted.docFreq.length);
  const scores = new Float64Array(docs.length);
  // The documents scored for the current one, in the order first touched.
  const touched = new Int32Array(docs.length);
  let touchedCount = 0;
  const queryEntries = new Int32Array(QUERY_TERMS);
  return (doc) => {
    const from = vectors.start[doc] as number;
    const to = vectors.start[doc + 1] as number;
    // The strongest terms, strongest first, ties in the order they occur (what a stable sort of the entries would
    // put first): kept by insertion, cheaper than sorting every entry, and the order the scores are summed in.
    let chosen = 0;
    for (let entry = from; entry < to; entry += 1) {
      const weight = vectors.weights[entry] as number;
      if (chosen === QUERY_TERMS && weight <= (vectors.weights[queryEntries[QUERY_TERMS - 1]!] as number)) continue;
      let slot = chosen < QUERY_TERMS ? chosen++ : QUERY_TERMS - 1;
      while (slot > 0 && weight > (vectors.weights[queryEntries[slot - 1]!] as number)) {
        queryEntries[slot] = queryEntries[slot - 1]!;
        slot -= 1;
      }
      queryEntries[slot] = entry;
    }
    const { docs: postingDocs, weights: postingWeights } = postings;
    for (let q = 0; q < chosen; q += 1) {
      const entry = queryEntries[q] as number;
      const termId = vectors.terms[entry] as number;
      const weight = vectors.weights[entry] as number;
      for (let slot = postings.start[termId] as number, end = postings.start[termId + 1] as number; slot < end; slot += 1) {
        const other = postingDocs[slot] as number;
        if (other === doc) continue;
        const score = scores[other] as number;
        if (score === 0) touched[touchedCount++] = other;
        scores[other] = score + weight * (postingWeights[slot] as number);
      }
    }
    const best = topScores(touched, touchedCount, scores, limit);
    for (let i = 0; i < touchedCount; i += 1) scores[touched[i] as number] = 0;
    touchedCount = 0;
    return best;
  };
}

/**
 * Finds, for a paper id, the ids of up to `limit` most similar papers, best
 * first. The index is built once; each paper's list is computed when asked, so
 * a build process pays only for the paper pages it renders.
 */
export function relatedFinder(docs: RelatedInput[], limit = RELATED_LIMIT): (id: string) => string[] {
  const find = relatedByPosition(docs, limit);
  const positionOf = new Map(docs.map((doc, position) => [doc.id, position]));
  return (id) => {
    const doc = positionOf.get(id);
    if (doc === undefined) return [];
    return find(doc)
      .map((other) => docs[other]?.id)
      .filter((other): other is string => other !== undefined);
  };
}

/** No list: the position was not asked for. */
export const NOT_SCORED = -2;

/**
 * The related lists of the documents at the positions `wanted` accepts, as
 * positions in one flat array: `limit` slots per document, -1 where its list
 * is shorter, NOT_SCORED in the first slot of a document not asked for.
 * Numbers instead of ids, so a worker thread hands them over in one piece.
 * `memo`: term counts of the previous build to take, and where to leave these.
 */
export function relatedPositions(docs: RelatedInput[], wanted: (position: number) => boolean, limit = RELATED_LIMIT, memo?: TermMemo): Int32Array {
  const lists = new Int32Array(docs.length * limit).fill(-1);
  const find = relatedByPosition(docs, limit, memo);
  for (let doc = 0; doc < docs.length; doc += 1) {
    if (!wanted(doc)) {
      lists[doc * limit] = NOT_SCORED;
      continue;
    }
    find(doc).forEach((other, slot) => (lists[doc * limit + slot] = other));
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
