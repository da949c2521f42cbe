import { describe, expect, it } from 'vitest';
import { checkReportSchema } from '../contract/check';
import { reportToHtml } from './report-html';
import { mdText, reportToMarkdown } from './report-markdown';
import { hasBlockingVerdict, readinessLines, summaryLine } from './report-text';
import { readiness, summarize, type CheckReport, type CheckResult } from './types';

const HOSTILE = 'GET /Users answered 500: "<script>alert(document.cookie)</script><img src=x onerror=alert(1)>" [click](javascript:alert(1)) | cell';

const results: CheckResult[] = [
  {
    id: 'responses.list.users',
    title: 'Users are listed in a ListResponse',
    rfc: 'RFC 7644 §3.4.2',
    group: 'responses',
    verdict: 'fail',
    message: HOSTILE,
    meaning: 'Clients cannot read user lists.',
    evidence: ['ex-1', 'ex-2'],
    profiles: ['rfc', 'entra'],
    consequence: { entra: 'Entra cannot match existing users.' },
  },
  {
    id: 'auth.no-credentials',
    title: 'A request without credentials gets 401',
    rfc: 'RFC 7644 §3.12',
    group: 'auth',
    verdict: 'pass',
    message: 'GET /Users without credentials was refused with 401.',
    evidence: ['ex-3'],
    profiles: ['rfc', 'entra'],
  },
];

const report: CheckReport = {
  target: { url: 'https://scim.example.com/v2?<b>', checkedAt: '2026-01-02T03:04:05.000Z', profiles: ['entra', 'rfc'], writes: false },
  checks: results,
  summary: summarize(results),
  readiness: readiness(results, ['entra', 'rfc']),
  requests: 7,
  leftovers: [{ endpoint: '/Users', id: '<u1>', name: 'scimdesk-check-1' }],
};

describe('report text', () => {
  it('summarizes verdicts with a count, leaving out the empty ones', () => {
    expect(summaryLine(report.summary)).toBe('2 checks: 1 pass, 1 fail');
    expect(summaryLine({ pass: 25, warn: 2, fail: 3, unsupported: 0, ignored: 1, skipped: 0 })).toBe('31 checks: 25 pass, 2 warn, 3 fail, 1 ignored');
    expect(readinessLines(report)).toEqual(['RFC 7644 core: 1/2 ready', 'Entra ID provisioning: 1/2 ready']);
  });

  it('blocks CI on a fail or an ignored parameter, not on warnings', () => {
    expect(hasBlockingVerdict(report)).toBe(true);
    expect(hasBlockingVerdict({ summary: { pass: 3, warn: 2, fail: 0, unsupported: 1, ignored: 0, skipped: 4 } })).toBe(false);
    expect(hasBlockingVerdict({ summary: { pass: 3, warn: 0, fail: 0, unsupported: 0, ignored: 1, skipped: 0 } })).toBe(true);
  });

  it('is a report in the stable JSON format', () => {
    expect(checkReportSchema.parse(report)).toEqual(report);
  });
});

describe('Markdown report', () => {
  const md = reportToMarkdown(report);

  it('lists readiness, the summary and each check with verdict, message, meaning, consequence, RFC and evidence', () => {
    expect(md).toContain('# SCIM server check: https://scim.example.com/v2?&lt;b&gt;');
    expect(md).toContain('- Entra ID provisioning: 1/2 ready');
    expect(md).toContain('2 checks: 1 pass, 1 fail');
    expect(md).toContain('| ✗ fail | `responses.list.users` | Users are listed in a ListResponse | RFC 7644 §3.4.2 |');
    expect(md).toContain('### ✗ fail: Users are listed in a ListResponse (`responses.list.users`)');
    expect(md).toContain('- **Meaning:** Clients cannot read user lists.');
    expect(md).toContain('- **Entra ID:** Entra cannot match existing users.');
    expect(md).toContain('- **RFC:** RFC 7644 §3.4.2');
    expect(md).toContain('- **Evidence:** `ex-1`, `ex-2`');
    expect(md).toContain('- /Users `<u1>` (scimdesk-check-1)');
  });

  it("escapes the server's text: no raw HTML, no link, no table cell break", () => {
    expect(md).not.toMatch(/<script|<img/i);
    expect(md).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('\\[click\\](javascript:alert(1))');
    expect(md).toContain('\\| cell');
    expect(mdText('a\nb *c* _d_ `e`')).toBe('a b \\*c\\* \\_d\\_ \\`e\\`');
  });
});

describe('HTML report', () => {
  const html = reportToHtml(report);

  it('is one self-contained page that forbids scripts', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<link|src=["']?http/i);
    expect(html).toContain('<style>');
  });

  it('escapes everything from the server', () => {
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<title>SCIM server check: https://scim.example.com/v2?&lt;b&gt;</title>');
    expect(html).toContain('<code>&lt;u1&gt;</code>');
  });

  it('lists readiness, summary and each check with its details', () => {
    expect(html).toContain('<tr><td>Entra ID provisioning</td><td>1/2</td></tr>');
    expect(html).toContain('<p>2 checks: 1 pass, 1 fail</p>');
    expect(html).toContain('<dt>Entra ID</dt><dd>Entra cannot match existing users.</dd>');
    expect(html).toContain('<dt>Evidence</dt><dd><code>ex-1</code>, <code>ex-2</code></dd>');
    expect(html).toContain('<section class="check" id="check-auth.no-credentials">');
  });
});
