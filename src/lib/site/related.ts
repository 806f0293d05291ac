/**
 * "Related papers": TF-IDF cosine similarity over title, abstract and keywords.
 * Vectors are sparse and scored through an inverted index, so the cost grows
 * with the number of papers sharing rare words, not with all pairs.
 */

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

/** Per paper, only its strongest terms are used as the query: enough for ranking, bounded cost. */
const QUERY_TERMS = 30;
/** Terms on more than this share of papers say little about any of them. */
const MAX_DOC_SHARE = 0.25;
/** Per term, only this many of its strongest postings are scored. */
const MAX_POSTINGS = 200;

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((token) => token.length > 2 && !STOPWORDS.has(token) && !/^\d+$/.test(token))
    .map((token) => (token.length > 4 && token.endsWith('s') && !token.endsWith('ss') ? token.slice(0, -1) : token));
}

type SparseVector = Map<number, number>;

/** For each paper id, the ids of up to `limit` most similar papers, best first. */
export function relatedPapers(docs: RelatedInput[], limit = 5): Map<string, string[]> {
  const termIds = new Map<string, number>();
  const docFreq: number[] = [];
  const termCounts = docs.map((doc) => {
    const counts = new Map<number, number>();
    for (const token of tokenize(doc.text)) {
      let termId = termIds.get(token);
      if (termId === undefined) {
        termId = termIds.size;
        termIds.set(token, termId);
        docFreq.push(0);
      }
      counts.set(termId, (counts.get(termId) ?? 0) + 1);
    }
    for (const termId of counts.keys()) docFreq[termId] = (docFreq[termId] ?? 0) + 1;
    return counts;
  });

  const total = docs.length;
  const maxDocs = Math.max(2, Math.floor(total * MAX_DOC_SHARE));
  const vectors: SparseVector[] = termCounts.map((counts) => {
    const vector: SparseVector = new Map();
    let norm = 0;
    for (const [termId, count] of counts) {
      const df = docFreq[termId] ?? 0;
      // A word only one paper uses cannot link it to another.
      if (df < 2 || df > maxDocs) continue;
      const weight = (1 + Math.log(count)) * Math.log(total / df);
      vector.set(termId, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    for (const [termId, weight] of vector) vector.set(termId, weight / norm);
    return vector;
  });

  // Each term keeps only its strongest postings: a common term's weak postings add little to any
  // cosine, and capping them bounds the work per paper however large the archive grows.
  const lists = new Map<number, { doc: number; weight: number }[]>();
  vectors.forEach((vector, doc) => {
    for (const [termId, weight] of vector) {
      let list = lists.get(termId);
      if (!list) lists.set(termId, (list = []));
      list.push({ doc, weight });
    }
  });
  const postings = new Map<number, { docs: Int32Array; weights: Float64Array }>();
  for (const [termId, list] of lists) {
    list.sort((a, b) => b.weight - a.weight);
    const kept = list.slice(0, MAX_POSTINGS);
    postings.set(termId, { docs: Int32Array.from(kept, (posting) => posting.doc), weights: Float64Array.from(kept, (posting) => posting.weight) });
  }

  const related = new Map<string, string[]>();
  const scores = new Float64Array(total);
  const touched: number[] = [];
  vectors.forEach((vector, doc) => {
    const queryTerms = [...vector].sort((a, b) => b[1] - a[1]).slice(0, QUERY_TERMS);
    for (const [termId, weight] of queryTerms) {
      const posting = postings.get(termId);
      if (!posting) continue;
      for (let index = 0; index < posting.docs.length; index += 1) {
        const other = posting.docs[index] as number;
        if (other === doc) continue;
        if (scores[other] === 0) touched.push(other);
        scores[other] = (scores[other] as number) + weight * (posting.weights[index] as number);
      }
    }
    const best = topScores(touched, scores, limit)
      .map((other) => docs[other]?.id)
      .filter((id): id is string => id !== undefined);
    related.set(docs[doc]?.id ?? '', best);
    for (const other of touched) scores[other] = 0;
    touched.length = 0;
  });
  return related;
}

/** The `limit` best-scoring candidates, best first (ties: earlier paper first), without sorting them all. */
function topScores(candidates: number[], scores: Float64Array, limit: number): number[] {
  const best: number[] = [];
  const better = (a: number, b: number) => (scores[a] ?? 0) > (scores[b] ?? 0) || ((scores[a] ?? 0) === (scores[b] ?? 0) && a < b);
  for (const candidate of candidates) {
    if (best.length === limit && !better(candidate, best[limit - 1] ?? candidate)) continue;
    let index = Math.min(best.length, limit - 1);
    best[index] = candidate;
    while (index > 0 && better(candidate, best[index - 1] ?? candidate)) {
      best[index] = best[index - 1] ?? candidate;
      best[index - 1] = candidate;
      index -= 1;
    }
  }
  return best;
}
