/** The components digests and `.mdx` topic descriptions use without importing them (passed at render time). */
import Day from './Day.astro';
import Paper from './Paper.astro';
import Topic from './Topic.astro';

export const archiveComponents = { Paper, Day, Topic };
