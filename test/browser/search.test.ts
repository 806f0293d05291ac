/** The search page in Chromium on the fixture built at the site root (test/browser/search-suite.ts). */
import { searchInChromium } from './search-suite.ts';

searchInChromium('/');
