import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { contentDir } from './lib/config';
import { daySchema, digestSchema, paperSchema, topicSchema } from './lib/schema';

// Ids come from the front matter, not from the file path: Astro's default id
// slugifies the path and would turn "2410.17243" into "241017243".
const papers = defineCollection({
  loader: glob({ pattern: '**/*.md', base: `${contentDir}/papers`, generateId: ({ data, entry }) => String(data.id ?? entry.replace(/\.md$/, '')) }),
  schema: paperSchema,
});

const days = defineCollection({
  loader: glob({ pattern: '*.md', base: `${contentDir}/days`, generateId: ({ entry }) => entry.replace(/\.md$/, '') }),
  schema: daySchema,
});

const topics = defineCollection({
  loader: glob({ pattern: '*.{md,mdx}', base: `${contentDir}/topics`, generateId: ({ entry }) => entry.replace(/\.mdx?$/, '') }),
  schema: topicSchema,
});

// The id is the file name as written (no slugifying), so a bad name is reported instead of silently changed.
const digests = defineCollection({
  loader: glob({ pattern: '*.mdx', base: `${contentDir}/digests`, generateId: ({ entry }) => entry.replace(/\.mdx$/, '') }),
  schema: digestSchema,
});

export const collections = { papers, days, topics, digests };
