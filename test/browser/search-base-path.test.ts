/** The search page in Chromium on the fixture built under /archive/ (test/browser/search-suite.ts). */
import { searchInChromium } from './search-suite.ts';

searchInChromium('/archive/');
