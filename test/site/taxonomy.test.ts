/**
 * The default taxonomy in content/topics must fit the bundled archive: at least
 * 20 topics, at least 90% of the papers with a topic, none with more than 4.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, test } from 'vitest';
import { paperSchema, splitPaperBody, topicSchema } from '../../src/lib/schema.ts';
import { assignTopics, type TopicDef } from '../../src/lib/topics.ts';
import { projectRoot } from '../helpers/build-site.ts';

const content = path.join(projectRoot, 'content');
const topicFiles = readdirSync(path.join(content, 'topics')).filter((file) => file.endsWith('.md'));
const paperFiles = readdirSync(path.join(content, 'papers'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md'));

const taxonomy: TopicDef[] = topicFiles.map((file) => {
  const data = topicSchema.parse(matter(readFileSync(path.join(content, 'topics', file), 'utf8')).data);
  return { slug: file.replace(/\.md$/, ''), title: data.title, terms: data.terms };
});

describe('default taxonomy', () => {
  test('has at least 20 topics, each with a description', () => {
    expect(taxonomy.length).toBeGreaterThanOrEqual(20);
    for (const file of topicFiles) {
      expect(matter(readFileSync(path.join(content, 'topics', file), 'utf8')).content.trim(), file).not.toBe('');
    }
  });

  test.skipIf(paperFiles.length < 50)(
    `gives >= 90% of the bundled papers a topic and none more than 4 (skips while content/papers has fewer than 50 files; it has ${paperFiles.length})`,
    () => {
      const assigned = paperFiles.map((file) => {
        const parsed = matter(readFileSync(path.join(content, 'papers', file), 'utf8'));
        const paper = paperSchema.parse(parsed.data);
        const { abstract } = splitPaperBody(parsed.content);
        return { file, topics: assignTopics({ title: paper.title, abstract, keywords: paper.keywords }, taxonomy) };
      });
      const covered = assigned.filter((paper) => paper.topics.length > 0).length;
      console.log(`taxonomy: ${covered}/${assigned.length} bundled papers get a topic (${((100 * covered) / assigned.length).toFixed(1)}%)`);
      expect(covered / assigned.length).toBeGreaterThanOrEqual(0.9);
      for (const paper of assigned) expect(paper.topics.length, paper.file).toBeLessThanOrEqual(4);
    },
  );
});
