/**
 * A made-up corpus for checking ranking against a recorded result list
 * (test/fixtures/search/corpus-results.json): the same records every time,
 * large enough for several term shards, bitmap-stored common words, words
 * that share a prefix, and ties.
 */
import type { SearchRecord } from '../../src/search/record.ts';

/** Words drawn with a long tail (the first ones are common), some sharing a stem or a prefix. */
const VOCABULARY = (
  'model models modeling diffusion diffuse video videos generation generate general generalist generalization ' +
  'language robot robots robotic manipulation benchmark benchmarks speculative decoding decoder decode agent agents ' +
  'reasoning retrieval multilingual transformer transformers vision policy policies learning learned reward rewards ' +
  'token tokens tokenizer attention sparse dense mixture experts scaling law laws data dataset datasets training ' +
  'inference latency memory efficient efficiency graph graphs neural network networks image images audio speech ' +
  'protein molecule chemistry physics planning planner search zebrafish narwhal quokka embedding embeddings ' +
  'contrastive alignment safety preference preferences feedback human evaluation metric metrics synthetic real ' +
  'world simulation simulator navigation grasping chloé zürich café 3d 2024 gpt4 llama'
).split(' ');

const ORGANISATIONS = ['Meta', 'Google', 'Stanford', 'Tsinghua'];
const TOPICS = ['Computer Vision', 'Robotics', 'Language Models', 'Audio', 'Science'];

/** Park and Miller's generator: the same numbers on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

export function corpusRecords(count = 1500): SearchRecord[] {
  const next = random(20_240_501);
  // Squaring favours the start of the vocabulary: a few very common words, a long tail.
  const word = () => VOCABULARY[Math.floor(next() ** 2 * VOCABULARY.length)]!;
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  return Array.from({ length: count }, (_, i) => {
    const day = 1 + Math.floor(next() * 28);
    const record: SearchRecord = {
      kind: 'paper',
      url: `/papers/${2400 + i}/`,
      title: words(4 + Math.floor(next() * 8)),
      date: `${2023 + Math.floor(next() * 3)}-0${1 + Math.floor(next() * 9)}-${String(day).padStart(2, '0')}`,
      upvotes: Math.floor(next() ** 3 * 500),
      authors: [`Author ${Math.floor(next() * 40)}`],
      keywords: next() < 0.5 ? [words(2)] : [],
      abstract: words(20 + Math.floor(next() * 60)),
      topics: TOPICS.filter(() => next() < 0.3),
    };
    if (next() < 0.5) record.organisation = ORGANISATIONS[Math.floor(next() * ORGANISATIONS.length)];
    if (next() < 0.3) record.aiSummary = words(15);
    return record;
  });
}

/** Searches (as URL query strings) whose results are recorded. */
export const CORPUS_SEARCHES = [
  'q=diffusion+video+generation',
  'q=speculative+decoding',
  'q=robot+manipulation+benchmark',
  'q=model',
  'q=gen',
  'q=video+gen',
  'q=generalist',
  'q=language+model&sort=newest',
  'q=transformer&sort=upvotes',
  'q=reasoning&topic=Robotics',
  'q=vision+language&year=2024&year=2025',
  'q=agent&organisation=Meta&organisation=Google',
  'q=chloe+cafe',
  'q=zurich',
  'q=3d',
  'q=narwhal+quokka+zebrafish',
  'q=nothingmatchesthis',
  'q=m',
  'q=data+d',
  'topic=Audio&sort=upvotes',
];
