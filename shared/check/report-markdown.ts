/**
 * A check report as Markdown. Everything that came from the server (messages quote its answers) is
 * escaped, so a hostile answer cannot become markup, a link or raw HTML in a Markdown viewer.
 */
import { profileLabels, type CheckProfile, type CheckReport, type CheckResult } from './types';
import { profileShortLabels, readinessLines, summaryLine, verdictMarks } from './report-text';

/** Text safe in a Markdown paragraph or table cell: one line, HTML escaped, and the punctuation that makes emphasis, code, links or cells. */
export function mdText(value: string): string {
  return value
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

/** An id in a code span (ids are the app's own, but nothing breaks out of the span either way). */
const code = (value: string) => `\`${value.replace(/[`\r\n]/g, '')}\``;

export function reportToMarkdown(report: CheckReport): string {
  const { target } = report;
  const lines: string[] = [];
  lines.push(`# SCIM server check: ${mdText(target.url)}`, '');
  const facts = [
    `Checked ${mdText(target.checkedAt)}`,
    `profiles: ${target.profiles.map((p) => profileLabels[p]).join(', ')}`,
    target.writes ? 'with write checks' : 'read-only',
    ...(report.requests !== undefined ? [`${report.requests} requests`] : []),
  ];
  lines.push(facts.join(' · '), '');
  lines.push('## Readiness', '', ...readinessLines(report).map((l) => `- ${mdText(l)}`), '');
  lines.push('## Summary', '', mdText(summaryLine(report.summary)), '');
  lines.push('| Verdict | Check | Title | RFC |', '|---|---|---|---|');
  for (const check of report.checks)
    lines.push(`| ${verdictMarks[check.verdict]} ${check.verdict} | ${code(check.id)} | ${mdText(check.title)} | ${mdText(check.rfc)} |`);
  lines.push('', '## Checks', '');
  for (const check of report.checks) lines.push(...checkSection(check, target.profiles), '');
  if (report.leftovers?.length) {
    lines.push('## Left on the server', '', 'Created by write checks and not removed:', '');
    for (const item of report.leftovers) lines.push(`- ${mdText(item.endpoint)} ${code(item.id)} (${mdText(item.name)})`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function checkSection(check: CheckResult, profiles: readonly CheckProfile[]): string[] {
  const out = [`### ${verdictMarks[check.verdict]} ${check.verdict}: ${mdText(check.title)} (${code(check.id)})`, ''];
  out.push(`- **Result:** ${mdText(check.message)}`);
  if (check.meaning) out.push(`- **Meaning:** ${mdText(check.meaning)}`);
  for (const profile of profiles) {
    const consequence = check.consequence?.[profile];
    if (consequence) out.push(`- **${profileShortLabels[profile]}:** ${mdText(consequence)}`);
  }
  out.push(`- **RFC:** ${mdText(check.rfc)}`);
  out.push(`- **Evidence:** ${check.evidence.length ? check.evidence.map(code).join(', ') : 'none'}`);
  return out;
}
