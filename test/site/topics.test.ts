import { describe, expect, test } from 'vitest';
import { TopicMemo } from '../../src/lib/site/topic-memo.ts';
import { assignTopics, MAX_TOPICS, termPattern, type TopicDef } from '../../src/lib/topics.ts';

const taxonomy: TopicDef[] = [
  { slug: 'llm', title: 'Language models', terms: ['large language model', 'LLM'] },
  { slug: 'rl', title: 'Reinforcement learning', terms: ['reinforcement learning', 'RL', 'reward'] },
  { slug: 'vision', title: 'Vision', terms: ['image', 'visual'] },
  { slug: 'diffusion', title: 'Diffusion', terms: ['diffusion'] },
  { slug: 'agents', title: 'Agents', terms: ['agent'] },
  { slug: 'gen', title: 'Generative', terms: ['generat*'] },
];

const paper = (title: string, abstract = '', keywords: string[] = [], topics?: string[]) => ({ title, abstract, keywords, topics });

describe('assignTopics', () => {
  test('a title match outranks abstract mentions, best first', () => {
    const topics = assignTopics(paper('Reward Shaping for Agents', 'We use an LLM and a large language model.'), taxonomy);
    expect(topics).toEqual(['rl', 'agents', 'llm']);
  });

  test('one passing mention in the abstract is not enough', () => {
    expect(assignTopics(paper('A Study of Sorting', 'Unlike image models, we sort numbers.'), taxonomy)).toEqual([]);
  });

  test('terms match whole words, case-insensitively, with plurals and prefixes', () => {
    expect(assignTopics(paper('Agents that Plan'), taxonomy)).toEqual(['agents']);
    expect(assignTopics(paper('Reagents in Chemistry'), taxonomy)).toEqual([]);
    expect(assignTopics(paper('Controlling RL at Scale'), taxonomy)).toEqual(['rl']);
    expect(assignTopics(paper('Generative Models'), taxonomy)).toEqual(['gen']);
    expect(termPattern('multi-agent').test('multi agent systems')).toBe(true);
  });

  test('keywords count', () => {
    expect(assignTopics(paper('Something Else', '', ['diffusion models']), taxonomy)).toEqual(['diffusion']);
  });

  test(`never more than ${MAX_TOPICS} topics`, () => {
    const everything = 'LLM reinforcement learning image diffusion agent generative';
    expect(assignTopics(paper(everything, everything), taxonomy)).toHaveLength(MAX_TOPICS);
  });

  test('the override wins, even when empty, and unknown slugs are dropped', () => {
    const text = 'A Large Language Model Agent for Images';
    expect(assignTopics(paper(text, '', [], ['diffusion', 'no-such-topic', 'diffusion']), taxonomy)).toEqual(['diffusion']);
    expect(assignTopics(paper(text, '', [], []), taxonomy)).toEqual([]);
  });
});

describe('TopicMemo (topics kept between builds)', () => {
  const texts = [paper('Reward Shaping for Agents', 'We use an LLM.'), paper('Generative Models'), paper('A Study of Sorting')];

  test('answers what assignTopics answers, and the next build reads it back', () => {
    const first = new TopicMemo(taxonomy);
    expect(texts.map((text) => first.topicsOf(text))).toEqual(texts.map((text) => assignTopics(text, taxonomy)));
    const next = new TopicMemo(taxonomy, first.toFile());
    expect(texts.map((text) => next.topicsOf(text))).toEqual(texts.map((text) => assignTopics(text, taxonomy)));
  });

  test('a remembered answer is used only for the same text under the same taxonomy; an override always wins', () => {
    const first = new TopicMemo(taxonomy);
    first.topicsOf(texts[1]!);
    // A memo that says something else proves the answer came from it.
    const file = first.toFile();
    const planted = { ...file, topics: Object.fromEntries(Object.keys(file.topics).map((key) => [key, ['planted']])) };
    expect(new TopicMemo(taxonomy, planted).topicsOf(texts[1]!)).toEqual(['planted']);
    expect(new TopicMemo(taxonomy, planted).topicsOf(paper('Generative Models!'))).toEqual(['gen']);
    expect(new TopicMemo(taxonomy, planted).topicsOf({ ...texts[1]!, topics: ['vision'] })).toEqual(['vision']);
    const retermed = taxonomy.map((topic) => (topic.slug === 'gen' ? { ...topic, terms: ['generation'] } : topic));
    expect(new TopicMemo(retermed, planted).topicsOf(texts[1]!)).toEqual([]);
  });

  test('papers gone from the archive are not carried to the next build', () => {
    const first = new TopicMemo(taxonomy);
    texts.forEach((text) => first.topicsOf(text));
    const next = new TopicMemo(taxonomy, first.toFile());
    next.topicsOf(texts[0]!);
    expect(Object.keys(next.toFile().topics)).toHaveLength(1);
  });
});
