import { expect, test } from 'vitest';
import { forEachToken, relatedPapers, selectAscending } from '../../src/lib/site/related.ts';

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
