/**
 * Synthesizes a content folder of realistic papers for the build benchmark.
 * Everything is derived from seeded generators, so the same N always gives
 * the same bytes and the figures of two runs compare the same work.
 *
 * Abstracts are walked from a word-pair (bigram) chain trained on the real
 * abstracts in content/papers/: the search index's size depends on the number
 * of distinct words, which a small template vocabulary would understate.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { isWeekend } from 'date-fns/isWeekend';
import { subDays } from 'date-fns/subDays';
import matter from 'gray-matter';
import { writeMarkdown } from '../../src/ingest/front-matter.ts';
import { NOTES_MARKER, splitPaperBody } from '../../src/lib/schema.ts';
import type { Paper } from '../../src/lib/schema.ts';
import { mulberry32, type Random } from './random.ts';

/** The last listed day of every synthetic archive: fixed so runs are comparable. */
export const LAST_DAY = new Date(Date.UTC(2026, 2, 6));
export const PAPERS_PER_DAY = 40;


const integer = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// Terms of the real taxonomy mixed with everyday ML wording, so topic matching and
// related-paper similarity meet the hit rates of real abstracts.
const METHODS = [
  'diffusion model', 'transformer', 'mixture of experts', 'state space model', 'vision-language model',
  'large language model', 'reward model', 'retrieval-augmented generation', 'Gaussian splatting', 'NeRF',
  'sparse autoencoder', 'speculative decoding', 'low-rank adaptation', 'policy optimization', 'graph neural network',
  'flow matching', 'contrastive learning', 'chain-of-thought prompting', 'knowledge distillation', 'tokenizer',
  'multimodal agent', 'video diffusion transformer', 'speech encoder', 'world model', 'preference optimization',
];
const TASKS = [
  'long-context reasoning', 'mathematical reasoning', 'code generation', 'text-to-image generation', 'video generation',
  'robot manipulation', 'depth estimation', 'novel view synthesis', 'machine translation', 'speech recognition',
  'question answering', 'hallucination detection', 'instruction following', 'web navigation', 'protein design',
  'medical report generation', 'recommendation', 'image editing', 'point cloud segmentation', 'multilingual retrieval',
  'safety alignment', 'test-time scaling', 'tool use', 'document understanding', 'audio captioning',
];
const ADJECTIVES = [
  'efficient', 'scalable', 'robust', 'unified', 'adaptive', 'lightweight', 'interpretable', 'controllable',
  'training-free', 'self-supervised', 'multilingual', 'hierarchical', 'sparse', 'dynamic', 'generalist', 'faithful',
];
const NOUNS = [
  'benchmark', 'dataset', 'framework', 'pipeline', 'architecture', 'objective', 'curriculum', 'decoder', 'encoder',
  'attention mechanism', 'memory', 'planner', 'verifier', 'evaluation suite', 'inference', 'quantization', 'pruning',
  'kernel', 'cache', 'scheduler', 'latent space', 'representation', 'embedding', 'feedback loop', 'data mixture',
];
const VERBS = ['improves', 'outperforms', 'reduces', 'matches', 'accelerates', 'stabilizes', 'generalizes to', 'surpasses'];
const FIRST_NAMES = [
  'Wei', 'Jing', 'Hao', 'Yu', 'Xin', 'Lei', 'Anna', 'David', 'Maria', 'James', 'Priya', 'Arjun', 'Sofia', 'Lucas',
  'Emma', 'Noah', 'Yuki', 'Kenji', 'Min-jun', 'Seo-yeon', 'Omar', 'Fatima', 'Ivan', 'Elena', 'Tomás', 'Chloé',
];
const LAST_NAMES = [
  'Zhang', 'Wang', 'Li', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Smith', 'Johnson', 'Patel', 'Kumar',
  'Garcia', 'Müller', 'Rossi', 'Tanaka', 'Sato', 'Kim', 'Park', 'Nguyen', 'Ivanov', 'Silva', 'Dubois', 'Cohen',
];
const ORGANIZATIONS = [
  'Google DeepMind', 'Meta AI', 'Microsoft Research', 'NVIDIA', 'Alibaba Qwen', 'DeepSeek', 'Hugging Face',
  'Tsinghua University', 'Stanford University', 'ByteDance Seed', 'Shanghai AI Laboratory', 'Allen Institute for AI',
  'Apple', 'Mistral AI', 'Carnegie Mellon University', 'Tencent Hunyuan', 'MIT', 'University of Oxford',
];

function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function title(random: Random, modelName: string): string {
  const adjective = pick(random, ADJECTIVES);
  const patterns = [
    () => `${modelName}: ${adjective} ${pick(random, METHODS)} for ${pick(random, TASKS)} with ${pick(random, NOUNS)}`,
    () => `Towards ${adjective} ${pick(random, TASKS)}: a ${pick(random, NOUNS)} for ${pick(random, METHODS)} at scale`,
    () => `When ${pick(random, METHODS)} meets ${pick(random, TASKS)}: rethinking the ${pick(random, NOUNS)} of ${pick(random, METHODS)}`,
    () => `${adjective[0]!.toUpperCase()}${adjective.slice(1)} ${pick(random, NOUNS)} for ${pick(random, TASKS)} in ${pick(random, METHODS)}`,
  ];
  let text = pick(random, patterns)();
  // Real titles run 8-20 words: pad short ones the way authors do, with a qualifier.
  while (wordCount(text) < 8) text += ` and ${pick(random, TASKS)}`;
  return text.split(/\s+/).slice(0, 20).join(' ');
}

/** Which word follows which in real abstracts; `starts` are sentence openings. */
export interface Corpus {
  starts: string[];
  next: Map<string, string[]>;
}

export function trainCorpus(abstracts: string[]): Corpus {
  const starts: string[] = [];
  const next = new Map<string, string[]>();
  for (const text of abstracts) {
    const words = text.split(/\s+/).filter(Boolean);
    words.forEach((word, i) => {
      if (i === 0 || words[i - 1]!.endsWith('.')) starts.push(word);
      const following = words[i + 1];
      if (following === undefined) return;
      const list = next.get(word) ?? [];
      list.push(following);
      next.set(word, list);
    });
  }
  if (starts.length === 0) throw new Error('the corpus for synthetic abstracts is empty');
  return { starts, next };
}

/** Trains the chain on the abstracts of every paper file in `papersDir`. */
export async function loadCorpus(papersDir: string): Promise<Corpus> {
  const files = (await readdir(papersDir)).filter((file) => file.endsWith('.md')).sort();
  const abstracts = await Promise.all(
    files.map(async (file) => splitPaperBody(matter(await readFile(path.join(papersDir, file), 'utf8')).content).abstract),
  );
  return trainCorpus(abstracts.filter(Boolean));
}

const MAX_SENTENCE_WORDS = 45;

function corpusSentence(random: Random, corpus: Corpus): string {
  const words = [pick(random, corpus.starts)];
  while (words.length < MAX_SENTENCE_WORDS) {
    const last = words.at(-1)!;
    if (last.endsWith('.') && words.length >= 6) break;
    const options = corpus.next.get(last);
    if (!options) break;
    words.push(pick(random, options));
  }
  const text = words.join(' ');
  return text.endsWith('.') ? text : `${text}.`;
}

/** Real papers name their model: a coined word per paper gives the index its long tail of rare terms. */
const SYLLABLES = ['ka', 'ro', 'vex', 'li', 'mo', 'zen', 'tra', 'qu', 'nix', 'da', 'sol', 'phi', 'gor', 'el', 'tu', 'rix', 'ban', 'cy'];
function coinedName(random: Random): string {
  const name = Array.from({ length: integer(random, 2, 3) }, () => pick(random, SYLLABLES)).join('');
  return `${name[0]!.toUpperCase()}${name.slice(1)}-${integer(random, 1, 72)}B`;
}

function sentence(random: Random): string {
  const templates = [
    () => `We propose a ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} that combines ${pick(random, METHODS)} with ${pick(random, METHODS)} for ${pick(random, TASKS)}.`,
    () => `Existing approaches to ${pick(random, TASKS)} rely on a ${pick(random, NOUNS)} that scales poorly with the size of the ${pick(random, NOUNS)}.`,
    () => `Our method ${pick(random, VERBS)} strong baselines on ${integer(random, 3, 14)} benchmarks while using ${integer(random, 2, 9)}x less compute.`,
    () => `Experiments on ${pick(random, TASKS)} and ${pick(random, TASKS)} show that the ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} ${pick(random, VERBS)} prior ${pick(random, METHODS)} baselines by ${integer(random, 1, 30)}.${integer(random, 0, 9)} points.`,
    () => `We further analyse how the ${pick(random, NOUNS)} interacts with the ${pick(random, NOUNS)} of the ${pick(random, METHODS)}, revealing a ${pick(random, ADJECTIVES)} trade-off.`,
    () => `To this end, we introduce a new ${pick(random, NOUNS)} with ${integer(random, 2, 500)}K examples covering ${pick(random, TASKS)}.`,
    () => `The code, models and ${pick(random, NOUNS)} will be released to support research on ${pick(random, TASKS)}.`,
  ];
  return pick(random, templates)();
}

/** 150-300 words: one sentence naming the method and task, the rest walked from the corpus. */
function abstract(random: Random, corpus: Corpus, modelName: string): string {
  const target = integer(random, 150, 300);
  const sentences = [`We present ${modelName}.`, sentence(random)];
  let words = sentences.reduce((sum, text) => sum + wordCount(text), 0);
  while (words < target) {
    const next = corpusSentence(random, corpus);
    sentences.push(next);
    words += wordCount(next);
  }
  return sentences.join(' ');
}

/** Upvotes have a long tail: most papers get a handful, a few get hundreds. */
function upvotes(random: Random): number {
  return Math.min(2_000, Math.floor(1 / (1 - random()) ** 1.2) - 1);
}

export function synthesizePaper(random: Random, corpus: Corpus, id: string, day: string): { frontMatter: Paper; abstract: string } {
  const modelName = coinedName(random);
  const authorCount = integer(random, 3, 15);
  const authors = Array.from({ length: authorCount }, () => `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`);
  const organization = random() < 0.5 ? pick(random, ORGANIZATIONS) : undefined;
  const keywords = Array.from({ length: integer(random, 2, 6) }, () => pick(random, [...METHODS, ...TASKS]));
  const frontMatter: Paper = {
    id,
    title: title(random, modelName),
    date: day,
    authors,
    authorCount,
    upvotes: upvotes(random),
    ...(organization ? { organization: { name: organization, slug: slugify(organization) } } : {}),
    arxiv: id,
    published: format(subDays(new Date(`${day}T00:00:00Z`), integer(random, 1, 4)), 'yyyy-MM-dd'),
    ...(random() < 0.3 ? { links: { github: `https://github.com/bench-lab/${id.replace('.', '-')}` } } : {}),
    keywords: [...new Set(keywords)],
    numComments: integer(random, 0, 12),
    sources: [`api:${day}`],
  };
  return { frontMatter, abstract: abstract(random, corpus, modelName) };
}

/** Written exactly as the ingest writes a paper, so the benchmark reads what a real archive holds. */
export function paperFileText(paper: { frontMatter: Paper; abstract: string }): string {
  return writeMarkdown(paper.frontMatter, `${paper.abstract}\n\n${NOTES_MARKER}\n`);
}

/** `count` consecutive weekdays ending at `last`, oldest first. */
export function weekdaysEndingAt(last: Date, count: number): string[] {
  const days: string[] = [];
  for (let day = last; days.length < count; day = subDays(day, 1)) {
    if (!isWeekend(day)) days.unshift(day.toISOString().slice(0, 10));
  }
  return days;
}

export function nextWeekday(day: string): string {
  let next = addDays(new Date(`${day}T00:00:00Z`), 1);
  while (isWeekend(next)) next = addDays(next, 1);
  return next.toISOString().slice(0, 10);
}

/** Writes one day's listing and its papers; ids are arXiv-style, unique per day index. */
export async function writeDay(contentDir: string, corpus: Corpus, day: string, dayIndex: number, count: number): Promise<void> {
  const random = mulberry32(dayIndex + 1);
  const month = day.slice(2, 4) + day.slice(5, 7);
  const ids = Array.from({ length: count }, (_, i) => `${month}.${String(dayIndex * 100 + i).padStart(5, '0')}`);
  await Promise.all(
    ids.map((id) => writeFile(path.join(contentDir, 'papers', `${id}.md`), paperFileText(synthesizePaper(random, corpus, id, day)))),
  );
  await writeFile(path.join(contentDir, 'days', `${day}.md`), writeMarkdown({ date: day, papers: ids }, ''));
}

/**
 * Fills `contentDir` with `papers` papers, PAPERS_PER_DAY per weekday ending at
 * LAST_DAY (the oldest day takes the remainder), plus the real taxonomy.
 * Returns the listed days, oldest first.
 */
export async function synthesizeContent(contentDir: string, papers: number, topicsDir: string, corpus: Corpus): Promise<string[]> {
  await mkdir(path.join(contentDir, 'papers'), { recursive: true });
  await mkdir(path.join(contentDir, 'days'), { recursive: true });
  await mkdir(path.join(contentDir, 'topics'), { recursive: true });
  for (const file of await readdir(topicsDir)) {
    await copyFile(path.join(topicsDir, file), path.join(contentDir, 'topics', file));
  }
  const days = weekdaysEndingAt(LAST_DAY, Math.ceil(papers / PAPERS_PER_DAY));
  const remainder = papers - (days.length - 1) * PAPERS_PER_DAY;
  for (const [index, day] of days.entries()) {
    await writeDay(contentDir, corpus, day, index, index === 0 ? remainder : PAPERS_PER_DAY);
  }
  return days;
}
