/** The Nu HTML checker (vnu-jar, on Java) over every HTML file of a built site. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface MarkupError {
  file: string;
  line?: number;
  message: string;
}

const vnuJar: string = createRequire(import.meta.url)('vnu-jar');

/** Every error (not warning) the checker reports for the HTML files below `dir`. */
export function checkMarkup(dir: string): Promise<MarkupError[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', '--skip-non-html', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let report = '';
    child.stderr.on('data', (chunk: Buffer) => (report += chunk.toString()));
    child.on('error', (error) => reject(new Error(`java could not be started (apt-get install -y default-jre-headless): ${error.message}`)));
    child.on('close', () => {
      try {
        const { messages } = JSON.parse(report) as { messages: { type: string; url?: string; lastLine?: number; message: string }[] };
        resolve(
          messages
            .filter((message) => message.type === 'error')
            .map((message) => ({
              file: path.relative(dir, decodeURIComponent(new URL(message.url ?? 'file:///').pathname)),
              ...(message.lastLine === undefined ? {} : { line: message.lastLine }),
              message: message.message,
            })),
        );
      } catch {
        reject(new Error(`the Nu HTML checker gave no report: ${report.slice(0, 500)}`));
      }
    });
  });
}
