import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { contentDir, topics as taxonomy } from './lib/config';
import { daySchema, digestSchema, topicSchema } from './lib/schema';

// Papers (content/papers/) are not a collection: src/lib/site/papers-source.ts reads and validates them
// against paperSchema, because Astro's data store compiles a whole collection into one module, which at
// 50,000 papers costs more than rendering every page.

const days = defineCollection({
  loader: glob({ pattern: '*.md', base: `${contentDir}/days`, generateId: ({ entry }) => entry.replace(/\.md$/, '') }),
  schema: daySchema,
});

const topics = defineCollection({
  loader: glob({ pattern: '*.{md,mdx}', base: taxonomy.dir, generateId: ({ entry }) => entry.replace(/\.mdx?$/, '') }),
  schema: topicSchema,
});

// The id is the file name as written (no slugifying), so a bad name is reported instead of silently changed.
const digests = defineCollection({
  loader: glob({ pattern: '*.mdx', base: `${contentDir}/digests`, generateId: ({ entry }) => entry.replace(/\.mdx$/, '') }),
  schema: digestSchema,
});

export const collections = { days, topics, digests };
