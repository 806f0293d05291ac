import { describe, expect, test } from 'vitest';
import { TopicMemo } from '../../src/lib/site/topic-memo.ts';
import { assignTopics, MAX_TOPICS, termPattern, topicScore, type TopicDef } from '../../src/lib/topics.ts';

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

describe('matching without running every pattern', () => {
  // What a topic scores by its terms' patterns alone: the definition the faster word lookups must keep.
  const count = (pattern: RegExp, text: string) => text.toLowerCase().match(new RegExp(pattern.source, pattern.flags))?.length ?? 0;
  const byPatterns = (input: ReturnType<typeof paper>, topic: TopicDef) =>
    topic.terms.reduce((score, term) => {
      const pattern = termPattern(term);
      return score + (count(pattern, input.title) > 0 ? 3 : 0) + (count(pattern, input.keywords.join('\n')) > 0 ? 2 : 0) + Math.min(3, count(pattern, input.abstract));
    }, 0);
  const terms: TopicDef[] = [
    { slug: 'one-word', title: 'One word', terms: ['agent', 'box', 'state'] },
    { slug: 'phrases', title: 'Phrases', terms: ['state space model', 'multi-agent', 'time series'] },
    { slug: 'prefix', title: 'Prefix', terms: ['generat*', 'reinforc* learn*'] },
  ];
  const texts = [
    'Agents, agent-based AGENT and reagents; an agentes test; agent',
    'Boxes and boxs and box-box, xbox, boxed',
    'State space models, a state-space model, state  space   modeles, statespace model',
    'Multi-agent and multi agent and multi--agents, multiagent',
    'Time series, time-series and times series; series of time',
    'Generative and regenerate; reinforcement learning, reinforced learners',
    // Letters beyond ASCII end no word: these are not "agent" or "box".
    'éagent agentä 𝐀agent box𝐀 ünd agent',
    // "ſ" is "s" to the patterns' case folding (a long s): "ſtate" is "state" to them, though not a word "state".
    'The state ſpace model of a multi-agent ſtate',
  ];

  test('every topic scores what its terms\' patterns say, on titles, keywords and abstracts', () => {
    for (const text of texts) {
      for (const input of [paper(text), paper('x', text), paper('x', '', [text]), paper(text, `${text} ${text}`, [text])]) {
        for (const topic of terms) expect(topicScore(input, topic), `${topic.slug} in ${JSON.stringify(input)}`).toBe(byPatterns(input, topic));
      }
    }
  });

  test('on texts made at random from the terms\' words and every kind of separator, the scan counts what the patterns count', () => {
    const taxonomy: TopicDef[] = [
      ...terms,
      { slug: 'overlap', title: 'Overlap', terms: ['box box', 'time series model'] },
      { slug: 'beyond-ascii', title: 'Beyond ASCII', terms: ['modèle', 'naïve bayes'] },
    ];
    const pieces = ['agent', 'agents', 'agentes', 'box', 'boxes', 'state', 'space', 'model', 'models', 'modeles', 'multi', 'time', 'series', 'generative', 'reinforcement', 'learning', 'modèle', 'naïve', 'bayes', 'x2', 'ſtate', 'é', '𝐀'];
    const separators = [' ', '  ', '-', ' - ', ', ', '.', '\n', '\u00a0', '', '/'];
    // A fixed sequence (a linear congruential generator, its high bits), so that a failure can be replayed.
    let seed = 7;
    const next = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % below;
    };
    for (let sample = 0; sample < 1000; sample += 1) {
      let text = '';
      for (let word = next(12) + 1; word > 0; word -= 1) text += pieces[next(pieces.length)]! + separators[next(separators.length)]!;
      const input = paper(text, `${text} ${text.toUpperCase()}`, [text]);
      for (const topic of taxonomy) expect(topicScore(input, topic), `${topic.slug} in ${JSON.stringify(text)}`).toBe(byPatterns(input, topic));
    }
  });

  test('matches of a phrase never overlap, as the pattern\'s do not', () => {
    const boxes: TopicDef = { slug: 'boxes', title: 'Boxes', terms: ['box box'] };
    // Five boxes hold two matches, not four.
    expect(topicScore(paper('x', 'box box box box box'), boxes)).toBe(2);
    expect(byPatterns(paper('x', 'box box box box box'), boxes)).toBe(2);
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
