/**
 * The topics matched for each paper, kept from one build to the next.
 *
 * Matching the taxonomy's terms against 50,000 abstracts is about a third of
 * building the archive model (5 s of each build process), and a daily rebuild
 * matches the same texts again. A paper's topics depend only on its title,
 * abstract and keywords and on the taxonomy, so they are remembered under a
 * digest of those; the memo is trusted only when the site's code is unchanged
 * (the build memo's fingerprint, src/integrations/build-memo.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { assignTopics, type TopicDef, type TopicInput } from '../topics.ts';
import { textDigest } from '../../search/word-memo.ts';

interface MemoFile {
  taxonomy: string;
  topics: Record<string, string[]>;
}

export class TopicMemo {
  private readonly previous: Map<string, string[]>;
  private readonly current = new Map<string, string[]>();
  private readonly taxonomyDigest: string;

  /** `previous`: what the previous build matched, when it may be trusted. */
  constructor(
    private readonly taxonomy: TopicDef[],
    previous?: MemoFile,
  ) {
    this.taxonomyDigest = textDigest(JSON.stringify(taxonomy.map(({ slug, terms }) => [slug, terms])));
    this.previous = new Map(previous?.taxonomy === this.taxonomyDigest ? Object.entries(previous.topics) : []);
  }

  /** `assignTopics`, answered from the memo when the paper's text was matched before. */
  topicsOf(paper: TopicInput): string[] {
    if (paper.topics) return assignTopics(paper, this.taxonomy);
    const key = textDigest(`${paper.title}\0${paper.abstract}\0${paper.keywords.join('\n')}`);
    let topics = this.previous.get(key);
    if (topics === undefined) topics = assignTopics(paper, this.taxonomy);
    this.current.set(key, topics);
    return topics;
  }

  /** What this build matched: the next build's memo (papers gone from the archive are not kept). */
  toFile(): MemoFile {
    return { taxonomy: this.taxonomyDigest, topics: Object.fromEntries(this.current) };
  }
}

/** The memo file a previous build left in `folder`; undefined when there is none or it is unreadable. */
export function readTopicMemo(folder: string): MemoFile | undefined {
  try {
    return JSON.parse(readFileSync(path.join(folder, 'topics.json'), 'utf8')) as MemoFile;
  } catch {
    return undefined;
  }
}

export function writeTopicMemo(folder: string, memo: TopicMemo): void {
  writeFileAtomic(folder, path.join(folder, 'topics.json'), JSON.stringify(memo.toFile()));
}
