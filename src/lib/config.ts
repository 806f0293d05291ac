/** Build-time settings read from the environment (see README, "Configuration"). */
import path from 'node:path';

/** Where the Markdown archive lives; `CONTENT_DIR` overrides `content/`. */
export const contentDir = path.resolve(process.env.CONTENT_DIR || 'content');
