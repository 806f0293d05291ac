import { describe, expect, test } from 'vitest';
import { forEachToken, referenceSize, relatedPapers, relatedPositions, selectAscending, type RelatedListsMemo, type RelatedMemo, type TermMemo } from '../../src/lib/site/related.ts';
import { mulberry32 } from '../../scripts/bench/random.ts';
import type { WordMemo } from '../../src/search/word-memo.ts';

function tokensOf(text: string): string[] {
  const tokens: string[] = [];
  forEachToken(text, (token) => tokens.push(token));
  return tokens;
}

const docs = [
  { id: 'diffusion-1', text: 'Diffusion models for image synthesis with denoising score matching' },
  { id: 'diffusion-2', text: 'Faster denoising diffusion sampling for image synthesis' },
  { id: 'rl-1', text: 'Reinforcement learning with verifiable rewards for reasoning' },
  { id: 'rl-2', text: 'Verifiable rewards improve reinforcement learning of reasoning models' },
  { id: 'speech', text: 'Speech recognition for low resource languages' },
  { id: 'speech-2', text: 'Multilingual speech recognition benchmark' },
];

test('papers on the same subject are related, best first, never themselves', () => {
  const related = relatedPapers(docs, 5);
  expect(related.get('diffusion-1')?.[0]).toBe('diffusion-2');
  expect(related.get('rl-2')?.[0]).toBe('rl-1');
  expect(related.get('speech')?.[0]).toBe('speech-2');
  for (const [id, others] of related) expect(others).not.toContain(id);
});

test('at most the requested number, and nothing for a paper that shares no words', () => {
  const related = relatedPapers([...docs, { id: 'alone', text: 'Quokka zymurgy' }], 1);
  for (const others of related.values()) expect(others.length).toBeLessThanOrEqual(1);
  expect(related.get('alone')).toEqual([]);
});

test('words are runs of letters or digits in any script, without stopwords, numbers, short words or a plural s', () => {
  expect(tokensOf('Ünïcödé ÉTUDES, naïve 𝒳𝒴𝒵abc 2024 x86 3d straße αβγδ GPUs classes of the models')).toEqual([
    'ünïcödé', 'étude', 'naïve', '𝒳𝒴𝒵abc', 'x86', 'straße', 'αβγδ', 'gpus', 'classe',
  ]);
});

test('papers sharing a word used by many papers still relate through their rarer words', () => {
  // "graph" is on most papers, so each paper keeps only its strongest postings for it; the pairs still find each other.
  const many = Array.from({ length: 400 }, (_, i) => ({ id: `p${i}`, text: `graph study ${i % 2 === 0 ? 'spectral clustering' : 'message passing'} topic${Math.floor(i / 2)} topic${Math.floor(i / 2)}` }));
  const related = relatedPapers(many, 1);
  expect(related.get('p10')).toEqual(['p11']);
  expect(related.get('p11')).toEqual(['p10']);
});

test('selecting the k-th smallest value agrees with sorting', () => {
  const values = Float64Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) / 7 + (i % 3 === 0 ? 0.5 : 0));
  const sorted = values.slice().sort();
  for (const k of [0, 1, 499, 998, 999]) expect(selectAscending(values.slice(), k)).toBe(sorted[k]);
});

describe('term counts kept between builds', () => {
  const wantAll = () => true;
  const lists = (input: typeof docs, memo?: TermMemo) => [...relatedPositions(input, wantAll, 2, memo)];

  test('a rebuild that takes them scores the same lists as one that counts every word', () => {
    let kept: WordMemo | undefined;
    lists(docs, { keep: (memo) => (kept = memo) });
    expect(kept?.digests).toHaveLength(docs.length);
    // One paper revised, one new: the others' counts come from the memo.
    const next = [...docs.slice(0, 2), { id: 'rl-1', text: 'Reward models for speech recognition' }, ...docs.slice(3), { id: 'new', text: 'Denoising diffusion for speech' }];
    let rekept: WordMemo | undefined;
    expect(lists(next, { previous: kept, keep: (memo) => (rekept = memo) })).toEqual(lists(next));
    expect(rekept?.digests).toHaveLength(next.length);
  });

  test('are what the rebuild takes for the texts it has seen', () => {
    // Enough other papers that a word of four papers still counts (MAX_DOC_SHARE).
    const many = [...docs, ...Array.from({ length: 20 }, (_, n) => ({ id: `other-${n}`, text: `Filler${n} topic${n}` }))];
    let kept: WordMemo | undefined;
    lists(many, { keep: (memo) => (kept = memo) });
    const speech = many.findIndex((doc) => doc.id === 'speech');
    const rl = many.findIndex((doc) => doc.id === 'rl-1');
    expect(lists(many).slice(speech * 2, speech * 2 + 2)).not.toContain(rl);
    // A memo that says the speech papers are about reinforcement: only a rebuild reading it relates them to RL.
    const poisoned = { ...kept!, words: kept!.words.map((word) => (word === 'speech' ? 'reinforcement' : word)) };
    expect(lists(many, { previous: poisoned }).slice(speech * 2, speech * 2 + 2)).toContain(rl);
  });
});

test('the reference set grows in steps of an eighth of the archive, and is every paper below 4,096', () => {
  expect([1, 100, 4095].map(referenceSize)).toEqual([1, 100, 4095]);
  expect([4096, 4607, 4608, 50_000, 50_040, 53_247, 53_248, 65_536].map(referenceSize)).toEqual([4096, 4096, 4608, 49_152, 49_152, 49_152, 53_248, 65_536]);
});

describe('lists kept between builds', () => {
  // Papers newest first, as the archive numbers them: enough for a reference set that stays put while papers are added,
  // words common enough that their postings are capped, and duplicate texts, so that ties are decided by position.
  const random = mulberry32(7);
  const vocabulary = Array.from({ length: 2500 }, (_, n) => `w${n.toString(36)}x`);
  const word = () => vocabulary[Math.floor(vocabulary.length * random() ** 2.5)]!;
  const text = () => Array.from({ length: 12 + Math.floor(random() * 30) }, word).join(' ');
  const base = Array.from({ length: 4200 }, (_, n) => ({ id: `p${n}`, text: n % 97 === 5 ? 'duplicate text about wqx0 and w1x and w2x' : text() }));
  const all = () => true;
  const run = (docs: typeof base, memo?: RelatedMemo) => relatedPositions(docs, all, 5, memo);

  let previous: RelatedListsMemo | undefined;
  run(base, { keepLists: (memo) => (previous = memo), notePapers: true });

  test('a rebuild that takes them gives exactly the lists scored from scratch', () => {
    expect(previous?.lists.size).toBe(base.length);
    // Half of them copies of older papers (not of the duplicates, whose lists must be left to the move below).
    const copied = (n: number) => base.find((_doc, index) => index >= (n * 131) % base.length && index % 97 !== 5)!.text;
    const added = Array.from({ length: 40 }, (_, n) => ({ id: `new${n}`, text: n % 2 ? text() : copied(n) }));
    const next = [...added, ...base];
    // A recent paper revised, one removed, two swapped (an upvote moved them), all outside the reference set.
    next[47] = { ...next[47]!, text: text() };
    next.splice(50, 1);
    [next[60], next[61]] = [next[61]!, next[60]!];
    expect(referenceSize(next.length)).toBe(referenceSize(base.length));
    expect([...run(next, { previousLists: previous })]).toEqual([...run(next)]);
  });

  test('of two papers with the same text, the later moved before the earlier changes the order of the lists they tie in', () => {
    // An upvote moved it; a new paper that enters no list.
    const next = [{ id: 'new', text: 'zzz unrelated words only qqq' }, ...base];
    next.splice(next.findIndex((doc) => doc.id === 'p5'), 0, ...next.splice(next.findIndex((doc) => doc.id === 'p102'), 1));
    const lists = run(next, { previousLists: previous });
    expect([...lists]).toEqual([...run(next)]);
    const p199 = next.findIndex((doc) => doc.id === 'p199');
    expect([...lists.slice(p199 * 5, p199 * 5 + 2)].map((position) => next[position]?.id)).toEqual(['p102', 'p5']);
  });

  test('are taken over, not scored again, where no new paper enters them', () => {
    const next = [{ id: 'new', text: 'zzz unrelated words only qqq' }, ...base];
    const untouched = base.findIndex((doc) => doc.id === 'p3000');
    const poisoned: RelatedListsMemo = { ...previous!, lists: new Map(previous!.lists).set('p3000', { ids: ['p1', 'p2'], scores: [0.9, 0.8] }) };
    const lists = run(next, { previousLists: poisoned });
    const p = (id: string) => next.findIndex((doc) => doc.id === id);
    expect([...lists.slice((untouched + 1) * 5, (untouched + 1) * 5 + 2)]).toEqual([p('p1'), p('p2')]);
    // Another reference set (a revised old paper in it) and nothing is taken over.
    const revised = [...next];
    revised[4000] = { ...revised[4000]!, text: 'revised' };
    expect([...run(revised, { previousLists: poisoned })]).toEqual([...run(revised)]);
  });
});
