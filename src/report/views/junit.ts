// JUnit XML view, in the shape Jenkins, GitLab and GitHub test reporters read
// (Jenkins xunit-plugin's junit-10.xsd: testsuites > testsuite > properties,
// testcase > failure | error | skipped, system-out). One testsuite per theorem
// and mode — that is where seed, replay paths and margins go as properties,
// since testcases carry none in that schema — and one testcase per clause.
// Failures carry the shrunk counterexample and its replay command.
import type { ClauseEntry, CoverageReport, ModeEntry, TheoremEntry } from '../schema.ts';
import { formatMargin, statusLabel } from '../terminal.ts';
import { applicable, ciOutcome, skipReason } from './outcome.ts';
import { regimeText } from './text.ts';
import { xmlText } from '../sanitize.ts';
import { caseReplay, provenanceText, valuesLines } from '../counterexamples.ts';
import { empiricalModeHeader, isEmpiricalMode, statisticText } from '../empirical-text.ts';

const attr = (s: string | number): string => xmlText(s);
const text = (s: string): string => xmlText(s);
const seconds = (s: number): string => (Number.isFinite(s) && s >= 0 ? s.toFixed(3) : '0');

function property(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `      <property name="${attr(name)}" value="${attr(value)}"/>\n`;
}

function failureBody(c: ClauseEntry): string {
  const cx = c.counterexample;
  const lines = [`${c.id} (${c.kind}): ${c.statement}`, `status: ${c.status}; worst margin ${formatMargin(c.worstMargin)}`];
  if (c.statistic !== undefined) lines.push(`effect: ${c.statistic.effect}`, statisticText(c.statistic));
  if (cx !== undefined) {
    lines.push(
      `counterexample${cx.hypothesisHolds ? '' : ' (outside the hypothesis)'}: ${regimeText(cx.regime)}`,
      `margin ${formatMargin(cx.margin)}${provenanceText(cx) === undefined ? '' : `; ${provenanceText(cx)}`}; path ${cx.path === '' ? '-' : cx.path}`,
    );
    if (cx.reason !== undefined) lines.push(cx.reason);
    if (cx.values !== undefined) lines.push(...valuesLines(cx.values));
    lines.push(`replay: ${cx.replay}`);
    if (cx.caseId !== undefined) lines.push(`or: ${caseReplay(cx)}`);
  } else if (c.note !== undefined) lines.push(c.note);
  return lines.join('\n');
}

function testcase(t: TheoremEntry, m: ModeEntry, c: ClauseEntry): string {
  const open = `    <testcase name="${attr(c.id)}" classname="${attr(`${t.id}.${m.mode}`)}" time="${seconds(m.seconds / Math.max(1, m.clauses.length))}">`;
  const summary =
    c.statistic === undefined
      ? `${statusLabel(c, m.mode)}: passed ${c.counts.pass}/${applicable(c)} regimes; worst margin ${formatMargin(c.worstMargin)}; ${c.kind}: ${c.statement}`
      : `${statusLabel(c, m.mode)}: ${statisticText(c.statistic)}; effect: ${c.statistic.effect}; ${c.kind}: ${c.statement}`;
  const refuted =
    c.expectedRefutation === true
      ? `\nrefuted as expected: this is a known-false claim shipped as a refutation fixture; its violation is the expected outcome and counts as a pass.\n${c.counterexample === undefined ? '' : failureBody(c)}`
      : '';
  const out = `      <system-out>${text(summary + refuted)}</system-out>\n`;
  switch (ciOutcome(c)) {
    case 'failed': {
      const message = c.counterexample?.reason ?? c.note ?? 'violated';
      return `${open}\n      <failure message="${attr(message)}" type="${attr(`nc-check.${c.kind}`)}">${text(failureBody(c))}</failure>\n${out}    </testcase>\n`;
    }
    case 'error':
      return `${open}\n      <error message="${attr(c.note ?? 'the clause threw')}" type="nc-check.clause-error">${text(failureBody(c))}</error>\n${out}    </testcase>\n`;
    case 'skipped':
      return `${open}\n      <skipped message="${attr(skipReason(c, m))}"/>\n${out}    </testcase>\n`;
    case 'passed':
      return `${open}\n${out}    </testcase>\n`;
  }
}

function testsuite(report: CoverageReport, t: TheoremEntry, m: ModeEntry): string {
  const outcomes = m.clauses.map(ciOutcome);
  const count = (o: string) => outcomes.filter((x) => x === o).length;
  const props = [
    property('theorem', t.id),
    property('citation', t.citation),
    property('provenance', t.provenance.label),
    property('mode', m.mode),
    property('hypothesis', t.hypothesis),
    property('seed', report.meta.seed),
    property('fcSeed', m.fcSeed),
    property('backend', report.meta.backend),
    property('dtype', report.meta.dtype),
    property('commit', report.meta.commit),
    property(isEmpiricalMode(m) ? 'seeds' : 'regimes', m.regimes.evaluated),
    property('empirical', isEmpiricalMode(m) ? empiricalModeHeader(m) : undefined),
    property('networks', t.empirical === undefined ? undefined : `tfjs ${t.empirical.backend} (${t.empirical.dtype}, ${t.empirical.deterministic ? 'deterministic' : 'statistical'})`),
    property('regimesReplayed', m.replayed),
    ...m.clauses.flatMap((c) => [
      property(`${c.id}.status`, statusLabel(c, m.mode)),
      property(`${c.id}.expectedRefutation`, c.expectedRefutation === true ? 'true' : undefined),
      property(`${c.id}.worstMargin`, c.worstMargin === undefined ? undefined : formatMargin(c.worstMargin)),
      property(`${c.id}.statistic`, c.statistic === undefined ? undefined : statisticText(c.statistic)),
      property(`${c.id}.seeds`, c.statistic?.seeds),
      property(`${c.id}.path`, c.counterexample?.path === '' ? undefined : c.counterexample?.path),
      property(`${c.id}.replay`, c.counterexample?.replay),
    ]),
  ].join('');
  return (
    `  <testsuite name="${attr(`${t.id} (${m.mode})`)}" tests="${m.clauses.length}" failures="${count('failed')}" errors="${count('error')}" ` +
    `skipped="${count('skipped')}" time="${seconds(m.seconds)}" timestamp="${attr(report.meta.startedAt)}" package="${attr(t.id)}">\n` +
    `    <properties>\n${props}    </properties>\n` +
    m.clauses.map((c) => testcase(t, m, c)).join('') +
    '  </testsuite>\n'
  );
}

/** A theorem that could not be run: one testsuite, one erroring testcase. */
function brokenSuite(t: TheoremEntry): string {
  return (
    `  <testsuite name="${attr(t.id)}" tests="1" failures="0" errors="1" skipped="0" time="0" package="${attr(t.id)}">\n` +
    `    <testcase name="load" classname="${attr(t.id)}" time="0">\n      <error message="${attr(t.error ?? '')}" type="nc-check.theorem-error">${text(t.error ?? '')}</error>\n    </testcase>\n` +
    '  </testsuite>\n'
  );
}

export function renderJunit(report: CoverageReport): string {
  const suites = report.theorems.flatMap((t) => (t.error !== undefined ? [brokenSuite(t)] : t.modes.map((m) => testsuite(report, t, m))));
  const broken = report.theorems.filter((t) => t.error !== undefined).length;
  const all = report.theorems.flatMap((t) => t.modes.flatMap((m) => m.clauses));
  const time = report.theorems.reduce((s, t) => s + t.modes.reduce((a, m) => a + m.seconds, 0), 0);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="nc-check theorem coverage" tests="${all.length + broken}" failures="${all.filter((c) => ciOutcome(c) === 'failed').length}" ` +
    `errors="${all.filter((c) => ciOutcome(c) === 'error').length + broken}" time="${seconds(time)}">\n` +
    suites.join('') +
    '</testsuites>\n'
  );
}
