import { expect, test } from 'vitest';
import { relatedPapers } from '../../src/lib/site/related.ts';

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
