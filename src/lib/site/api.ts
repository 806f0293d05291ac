/** The static JSON export: plain records other tools can reuse without parsing HTML. */
import type { ArchiveDay, ArchivePaper } from './archive.ts';

export function paperSummary(paper: ArchivePaper) {
  return { id: paper.id, title: paper.title, date: paper.date ?? null, topics: paper.topics, upvotes: paper.upvotes ?? null };
}

export function dayExport(day: ArchiveDay) {
  return {
    date: day.date,
    papers: day.papers.map((paper) => ({
      ...paperSummary(paper),
      authors: paper.authors,
      authorCount: Math.max(paper.authors.length, paper.authorCount),
      organization: paper.org?.name ?? null,
      arxiv: paper.arxiv ?? null,
      abstract: paper.abstract,
    })),
  };
}

export function jsonResponse(value: unknown): Response {
  // Bytes, not a string: a string body is first scanned for lone surrogates, which on the archive-wide
  // export costs more than writing the JSON.
  const body = Buffer.from(`${JSON.stringify(value, null, 1)}\n`);
  return new Response(body, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}
