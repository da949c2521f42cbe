/**
 * Check reports on the main side: the live report of each running check job (filled from the runner
 * as results arrive), the finished one read back from the job's file after a restart, and the exports
 * (Markdown, HTML, JSON, the HAR of every evidence exchange), each run through the same redaction as
 * everything else the main side hands out.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, checkReportSchema, type JobState, type JournalEntry } from '../../../shared/contract';
import type { CheckReport } from '../../../shared/check';
import { reportToHtml } from '../../../shared/check/report-html';
import { reportToMarkdown } from '../../../shared/check/report-markdown';
import { toHar } from '../../../shared/exchange/har';
import type { JobFile } from '../core';

/** The JSON report a check job writes as its file. */
export const CHECK_REPORT_FILE = 'check-report.json';

export type CheckReportFormat = 'markdown' | 'html' | 'json' | 'har';

/** Exports sit next to the job's own file, under names of their own (the job's file keeps its size). */
const EXPORTS: Record<CheckReportFormat, { name: string; mime: string }> = {
  markdown: { name: 'scim-check-report.md', mime: 'text/markdown' },
  html: { name: 'scim-check-report.html', mime: 'text/html' },
  json: { name: 'scim-check-report.json', mime: 'application/json' },
  har: { name: 'scim-check-evidence.har', mime: 'application/json' },
};

/** Why a check job has no report (once its checks start, it writes one however its run ends). */
const NO_REPORT: Record<JobState, string> = {
  queued: 'it has not started yet; results come as its checks run.',
  paused: 'it has not started yet; resume it to run its checks.',
  running: 'its first results are on their way.',
  interrupted: 'it was interrupted before writing one; resume it to run the check again.',
  succeeded: 'its file is gone.',
  failed: 'it failed before its checks ran.',
  cancelled: 'it was cancelled before its checks ran.',
};

export interface CheckReportsOptions {
  /** Where a job's files are. */
  filesDir(jobId: string): string;
  /** A job's kind, title and state; throws `not_found` for an unknown job. */
  job(jobId: string): { kind: string; title: string; state: JobState };
  journal: { get(id: string): Promise<JournalEntry> };
  /** Scrubs every credential the app has sent. */
  redact(text: string): string;
  version: string;
}

export class CheckReports {
  private readonly live = new Map<string, CheckReport>();

  constructor(private readonly options: CheckReportsOptions) {}

  /** The report so far of a running check job (the whole one once it ends). */
  set(jobId: string, report: CheckReport): void {
    this.live.set(jobId, report);
  }

  async report(jobId: string): Promise<CheckReport> {
    const job = this.checkJob(jobId);
    const live = this.live.get(jobId);
    if (live) return live;
    let text: string;
    try {
      text = await readFile(join(this.options.filesDir(jobId), CHECK_REPORT_FILE), 'utf8');
    } catch {
      throw new AppError({
        code: 'not_found',
        message: `“${job.title}” has no report: ${NO_REPORT[job.state]}`,
      });
    }
    const parsed = checkReportSchema.safeParse(parseJson(text));
    if (!parsed.success) throw new AppError({ code: 'internal', message: `The report file of “${job.title}” is not a check report.` });
    this.live.set(jobId, parsed.data);
    return parsed.data;
  }

  /** Writes the report in `format` next to the job's file and describes it, to save or download. */
  async file(jobId: string, format: CheckReportFormat): Promise<JobFile> {
    const report = await this.report(jobId);
    const { name, mime } = EXPORTS[format];
    const text = this.options.redact(await this.render(report, format));
    const dir = this.options.filesDir(jobId);
    await mkdir(dir, { recursive: true });
    const path = join(dir, name);
    await writeFile(path, text);
    return { jobId, path, name, mime, bytes: Buffer.byteLength(text) };
  }

  private async render(report: CheckReport, format: CheckReportFormat): Promise<string> {
    if (format === 'markdown') return reportToMarkdown(report);
    if (format === 'html') return reportToHtml(report);
    if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
    return JSON.stringify(await this.har(report), null, 2);
  }

  /** Every evidence exchange still in the journal (already redacted there), oldest first. */
  private async har(report: CheckReport) {
    const ids = [...new Set(report.checks.flatMap((c) => c.evidence))];
    const entries: JournalEntry[] = [];
    for (const id of ids) {
      const entry = await this.options.journal.get(id).catch(() => undefined);
      if (entry) entries.push(entry);
    }
    const missing = ids.length - entries.length;
    const comment = `Evidence of the SCIM server check of ${report.target.url} at ${report.target.checkedAt}${
      missing ? `; ${missing} of ${ids.length} exchanges were no longer in the journal` : ''
    }.`;
    return toHar(entries, { name: 'SCIM Desk', version: this.options.version }, comment);
  }

  private checkJob(jobId: string) {
    const job = this.options.job(jobId);
    if (job.kind !== 'check') throw new AppError({ code: 'invalid_input', message: `“${job.title}” is not a server check, so it has no check report.` });
    return job;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
