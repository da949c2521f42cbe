import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExportJobParams, JobResult, ScimResource } from '../../../../shared/contract';
import { cellText, csvLine } from '../../../../shared/scim';
import type { ScimEngine } from '../../engine/engine';
import type { JobKindRunner } from '../types';

/** Resources asked per page (the server's cap, advertised or learned, wins) and pages in flight at once. */
const PAGE_SIZE = 500;
const PARALLEL_PAGES = 6;

const MIME = { csv: 'text/csv', json: 'application/json' } as const;

/**
 * Export of a view (filter, sort, columns) to CSV or JSON: pages from the engine's `listAll` (cursor or
 * index paging, ignored-startIndex detection, de-duplication) are written to the file as they come, so
 * memory stays bounded whatever the tenant's size. A resumed export starts again: reads are safe to repeat.
 */
export function exportJob(engine: ScimEngine): JobKindRunner<'export'> {
  return {
    kind: 'export',
    writes: false,
    // Each page's first 16 KB in the journal: enough to inspect, without keeping the tenant twice.
    journalBodyBytes: 16 * 1024,
    unit: (params) => params.noun.many,
    title: (params) => `Export ${params.noun.many} to ${params.format.toUpperCase()}${params.filter ? ` where ${params.filter.slice(0, 120)}` : ''}`,
    async run(runtime): Promise<JobResult> {
      const params = runtime.params;
      const name = exportFileName(params.endpoint, params.format, new Date());
      const path = runtime.filePath(name);
      await mkdir(dirname(path), { recursive: true });
      const out = createWriteStream(path); // truncates what an interrupted run left
      const closed = once(out, 'close');
      const write = async (text: string) => {
        if (!out.write(text)) await once(out, 'drain');
      };
      const notes: string[] = [];
      let written = 0;
      let page = 0;
      try {
        await write(params.format === 'csv' ? `\uFEFF${csvLine(params.columns.map((c) => c.label))}` : '[');
        // Each resource becomes its text as its page arrives (see listAll's `shape`); the id stays for de-duplication.
        const shape = (resource: ScimResource): ScimResource => ({
          id: resource.id,
          text: params.format === 'csv' ? csvLine(params.columns.map((c) => cellText(resource, c.path))) : JSON.stringify(resource, null, 2),
        });
        for await (const { page: listed, warning } of engine.listAll(listInput(params), runtime.signal, shape)) {
          await runtime.checkpoint();
          let chunk = '';
          for (const { text } of listed.resources) {
            if (params.format === 'csv') chunk += text as string;
            else chunk += `${written === 0 && chunk === '' ? '\n' : ',\n'}${text as string}`;
          }
          // No credential in the file, even one the server echoes back in a resource (once per page: cheap).
          await write(runtime.redact(chunk));
          written += listed.resources.length;
          page += 1;
          runtime.progress(written, listed.totalResults);
          if (warning) notes.push(warning);
          // Pages are fetched ahead in parallel: each step names the exchange that served its page.
          await runtime.step({
            key: `page-${page}`,
            label: `Page ${page}: ${listed.resources.length.toLocaleString('en-US')} ${params.noun.many}`,
            status: 'done',
            ...(listed.exchangeId ? { exchangeIds: [listed.exchangeId] } : {}),
            ...(warning ? { message: warning } : {}),
          });
        }
        if (params.format === 'json') await write(written ? '\n]\n' : ']\n');
      } finally {
        out.end();
        await closed;
      }
      const { size } = await stat(path);
      const count = `${written.toLocaleString('en-US')} ${written === 1 ? params.noun.one : params.noun.many}`;
      return {
        summary: `Exported ${count} to ${params.format.toUpperCase()}${notes.length ? ', but the server could not list everything (see notes)' : ''}.`,
        outcome: notes.length ? 'partial' : 'complete',
        file: { name, bytes: size, mime: MIME[params.format] },
        failures: [],
        notes,
      };
    },
  };
}

function listInput(params: ExportJobParams) {
  return {
    connectionId: params.connectionId,
    endpoint: params.endpoint,
    pageSize: PAGE_SIZE,
    parallel: PARALLEL_PAGES,
    ...(params.filter ? { filter: params.filter } : {}),
    ...(params.sortBy ? { sortBy: params.sortBy, sortOrder: params.sortOrder ?? 'ascending' } : {}),
    ...(params.excludedAttributes?.length ? { excludedAttributes: params.excludedAttributes } : {}),
  } as const;
}

/** "users-2026-11-22.csv": the endpoint's last segment and the local date. */
export function exportFileName(endpoint: string, extension: string, now: Date): string {
  const base =
    endpoint
      .split('/')
      .filter(Boolean)
      .pop()
      ?.toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^\.+/, '') || 'export';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${base.slice(0, 80)}-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.${extension}`;
}
