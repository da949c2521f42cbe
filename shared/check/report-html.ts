/**
 * A check report as one self-contained HTML file, readable offline: inline CSS, no script, no
 * external resource. Every value is escaped, and the page's Content-Security-Policy forbids scripts
 * anyway, so nothing a server answered can run when the file is opened.
 */
import { profileLabels, type CheckProfile, type CheckReport, type CheckResult, type Verdict } from './types';
import { profileShortLabels, summaryLine } from './report-text';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const COLORS: Record<Verdict, string> = {
  pass: '#1a7f37',
  warn: '#9a6700',
  fail: '#cf222e',
  unsupported: '#6e7781',
  ignored: '#a40e26',
  skipped: '#6e7781',
};

const STYLE = `
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.5rem; word-break: break-all; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
.verdict { font-weight: 600; text-transform: uppercase; font-size: .8rem; }
${Object.entries(COLORS)
  .map(([v, c]) => `.v-${v} { color: ${c}; }`)
  .join('\n')}
.check { border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem 1rem; margin: .75rem 0; }
.check h3 { font-size: 1rem; margin: .25rem 0; } dl { margin: 0; } dt { font-weight: 600; float: left; clear: left; width: 8rem; } dd { margin: 0 0 .25rem 8rem; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 0 .2rem; word-break: break-all; }
.facts { color: #57606a; }`;

export function reportToHtml(report: CheckReport): string {
  const { target } = report;
  const e = escapeHtml;
  const facts = [
    `Checked ${e(target.checkedAt)}`,
    `profiles: ${target.profiles.map((p) => e(profileLabels[p])).join(', ')}`,
    target.writes ? 'with write checks' : 'read-only',
    ...(report.requests !== undefined ? [`${report.requests} requests`] : []),
  ];
  const readiness = target.profiles
    .filter((p) => report.readiness[p])
    .map((p) => `<tr><td>${e(profileLabels[p])}</td><td>${report.readiness[p]!.passed}/${report.readiness[p]!.total}</td></tr>`)
    .join('');
  const rows = report.checks
    .map(
      (c) =>
        `<tr><td class="verdict v-${c.verdict}">${c.verdict}</td><td><a href="#${anchor(c.id)}"><code>${e(c.id)}</code></a></td><td>${e(c.title)}</td><td>${e(c.rfc)}</td></tr>`,
    )
    .join('\n');
  const leftovers = report.leftovers?.length
    ? `<h2>Left on the server</h2><p>Created by write checks and not removed:</p><ul>${report.leftovers
        .map((l) => `<li>${e(l.endpoint)} <code>${e(l.id)}</code> (${e(l.name)})</li>`)
        .join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>SCIM server check: ${e(target.url)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>SCIM server check: ${e(target.url)}</h1>
<p class="facts">${facts.join(' · ')}</p>
<h2>Readiness</h2>
<table><thead><tr><th>Profile</th><th>Ready</th></tr></thead><tbody>${readiness}</tbody></table>
<h2>Summary</h2>
<p>${e(summaryLine(report.summary))}</p>
<table><thead><tr><th>Verdict</th><th>Check</th><th>Title</th><th>RFC</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Checks</h2>
${report.checks.map((c) => checkSection(c, target.profiles)).join('\n')}
${leftovers}
</body>
</html>
`;
}

/** Ids are dotted words; anything else becomes `-` so the anchor stays a plain fragment. */
const anchor = (id: string) => `check-${id.replace(/[^A-Za-z0-9._-]/g, '-')}`;

function checkSection(check: CheckResult, profiles: readonly CheckProfile[]): string {
  const e = escapeHtml;
  const items: string[] = [`<dt>Result</dt><dd>${e(check.message)}</dd>`];
  if (check.meaning) items.push(`<dt>Meaning</dt><dd>${e(check.meaning)}</dd>`);
  for (const profile of profiles) {
    const consequence = check.consequence?.[profile];
    if (consequence) items.push(`<dt>${e(profileShortLabels[profile])}</dt><dd>${e(consequence)}</dd>`);
  }
  items.push(`<dt>RFC</dt><dd>${e(check.rfc)}</dd>`);
  const evidence = check.evidence.length ? check.evidence.map((id) => `<code>${e(id)}</code>`).join(', ') : 'none';
  items.push(`<dt>Evidence</dt><dd>${evidence}</dd>`);
  return `<section class="check" id="${anchor(check.id)}"><h3><span class="verdict v-${check.verdict}">${check.verdict}</span> ${e(check.title)} <code>${e(
    check.id,
  )}</code></h3><dl>${items.join('')}</dl></section>`;
}
