// The case page (CONTRACT 8): score and contributions, the eight causes, conclusion, plan, warnings and the paged
// history of one case, re-read with its ETag while it is open. Everything from the API is inserted as text.

import * as api from './api.js';
import { fill, h, notice } from './dom.js';
import { knowledgeVersion, warnings } from './facts.js';
import {
  CATEGORIES, CATEGORY_STATUS, CONCLUSIONS, EVIDENCE_LEVELS, OP_EVIDENCE, RECOMMENDATIONS, ROUTES, SEVERITY, STAGES,
  SUSPICION, WARNING_LEVELS, label,
} from './labels.js';
import { age, clock, when } from './time.js';

const HISTORY_PAGE = 50;

export class CasePage {
  constructor(pollMs) {
    this.pollMs = pollMs;
    this.generation = 0;
    this.timer = null;
    this.el = {
      title: document.getElementById('case-title'),
      body: document.getElementById('case-body'),
      news: document.getElementById('case-news'),
      error: document.getElementById('case-error'),
    };
  }

  open(caseId) {
    this.close();
    this.caseId = caseId;
    this.etag = null;
    this.view = null;
    this.el.title.textContent = `Case ${caseId}`;
    document.title = `Case ${caseId} – COP dashboard`;
    fill(this.el.body, h('p', null, 'Loading the case…'));
    this.el.news.textContent = '';
    notice(this.el.error, '');
    this.el.title.focus();
    this.tick(this.generation);
  }

  close() {
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = null;
  }

  clear() {
    this.close();
    this.view = null;
    fill(this.el.body);
    this.el.title.textContent = 'Case';
    this.el.news.textContent = '';
  }

  async tick(generation) {
    let again = true;
    try {
      const answer = await api.getCase(this.caseId, this.etag);
      if (generation !== this.generation) {
        return;
      }
      notice(this.el.error, '');
      if (!answer.notModified) {
        const first = this.view === null;
        this.view = answer.body;
        this.etag = answer.etag;
        this.render(generation);
        if (!first) {
          this.el.news.textContent = `This case was updated at ${clock()}.`;
        }
      }
    } catch (error) {
      if (generation !== this.generation || error.status === 401) {
        again = false;
        return;
      }
      if (error.status === 404) {
        again = false;
        fill(this.el.body, h('p', { class: 'notice' },
          'There is no such case for your hospital. It may not have been received yet, or it belongs to another hospital.'));
        return;
      }
      notice(this.el.error, `The case could not be read (${error.message}). Trying again every ${Math.round(this.pollMs / 1000)} s.`);
    } finally {
      if (again && generation === this.generation) {
        this.timer = setTimeout(() => this.tick(generation), this.pollMs);
      }
    }
  }

  render(generation) {
    const view = this.view;
    const history = new History(this.caseId, () => generation === this.generation);
    fill(this.el.body,
      facts(view),
      criticalBanner(view),
      section('case-conclusion', 'Conclusion', conclusion(view.causeAssessment)),
      section('case-score', 'Suspicion score', score(view.symptomAssessment)),
      section('case-causes', 'The eight causes', causes(view.causeAssessment)),
      section('case-plan', 'Plan', plan(view.treatmentPlan)),
      section('case-warnings', 'All warnings', warningList(warnings(view))),
      section('case-history', 'History', history.element));
    history.more();
  }
}

function section(id, title, ...content) {
  return h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), content);
}

function pending(what) {
  return h('p', { class: 'muted' }, `Not available yet: ${what} has not run for the current event.`);
}

function facts(view) {
  return h('dl', { class: 'facts' },
    h('div', null, h('dt', null, 'Stage'), h('dd', null, label(STAGES, view.stage))),
    h('div', null, h('dt', null, 'Age of the data'),
      h('dd', null, age(view.occurredAt), ' ', h('span', { class: 'muted' }, `(event of ${when(view.occurredAt)})`))),
    h('div', null, h('dt', null, 'Last update'), h('dd', null, age(view.updatedAt), ' ',
      h('span', { class: 'muted' }, `(${when(view.updatedAt)})`))),
    h('div', null, h('dt', null, 'Knowledge version'), h('dd', null, knowledgeVersion(view))),
    h('div', null, h('dt', null, 'Event'), h('dd', { class: 'code' }, view.eventId ?? '—')));
}

function criticalBanner(view) {
  const critical = warnings(view).filter((w) => w.level === 'critical');
  if (critical.length === 0) {
    return null;
  }
  return h('div', { class: 'critical-banner', role: 'note', 'aria-label': 'Critical warnings' },
    h('p', { class: 'critical-title' }, h('span', { 'aria-hidden': 'true' }, '⚠ '),
      critical.length === 1 ? 'Critical warning' : `${critical.length} critical warnings`),
    h('ul', null, critical.map((w) => h('li', { class: 'critical-warning' },
      h('strong', null, 'Critical: '), w.message ?? w.code, ' ', h('span', { class: 'code' }, `(${w.code})`)))));
}

/** "SX-FEVER · Orphanet, Cordier-2006" and the mark in words ([U]: requires clinical review). */
function source(src) {
  if (!src) {
    return h('span', { class: 'muted' }, 'no source given');
  }
  if (typeof src === 'string') {
    return h('span', { class: 'source' }, src);
  }
  const citations = Array.isArray(src.citations) && src.citations.length > 0 ? ` · ${src.citations.join(', ')}` : '';
  return h('span', { class: 'source' }, `${src.ruleId ?? 'rule'}${citations}`, ' ', mark(src.mark));
}

function mark(code) {
  if (code === 'U') {
    return h('span', { class: 'review-mark' }, 'requires clinical review');
  }
  if (code === 'V') {
    return h('span', { class: 'verified-mark' }, 'read in source');
  }
  return null;
}

function list(items, render = (x) => x, empty = 'None.') {
  if (!Array.isArray(items) || items.length === 0) {
    return h('p', { class: 'muted' }, empty);
  }
  return h('ul', null, items.map((item) => h('li', null, render(item))));
}

function reasons(items) {
  return list(items, (r) => [r.text ?? r.criterion ?? '', ' ', source(r.source)]);
}

/** The reasons behind a section, folded: each rule that fired, with its source. */
function why(items) {
  const count = Array.isArray(items) ? items.length : 0;
  return h('details', { class: 'why' }, h('summary', null, `Why: the ${count} ${count === 1 ? 'rule' : 'rules'} that fired`),
    reasons(items));
}

function conclusion(causes) {
  if (!causes) {
    return pending('the cause assessment');
  }
  return [
    h('p', { class: 'big' }, label(CONCLUSIONS, causes.conclusion), ' ', source(causes.conclusionSource)),
    h('p', null, h('strong', null, 'Evidence of organizing pneumonia: '), label(OP_EVIDENCE, causes.opEvidence),
      causes.opEvidenceReason ? ` – ${causes.opEvidenceReason}` : '', ' ', source(causes.opEvidenceSource)),
    h('h3', null, 'Next steps'),
    list(causes.nextSteps),
    h('h3', null, 'Alternative diagnoses'),
    list(causes.alternativeDiagnoses, (a) => (typeof a === 'string' ? a
      : [h('strong', null, a.diagnosis ?? ''), a.reason ? ` – ${a.reason}` : '', ' ', source(a.source)])),
    why(causes.reasons),
  ];
}

function score(symptoms) {
  if (!symptoms) {
    return pending('the suspicion score');
  }
  const contributions = Array.isArray(symptoms.contributions) ? symptoms.contributions : [];
  return [
    h('p', { class: 'big' }, `Score ${symptoms.suspicionScore ?? '—'}: ${label(SUSPICION, symptoms.suspicion).toLowerCase()} suspicion`,
      h('span', { class: 'muted' }, ` (evidence: ${label(EVIDENCE_LEVELS, symptoms.evidenceLevel)})`)),
    symptoms.statement?.text ? h('p', null, symptoms.statement.text) : null,
    symptoms.suspicionReason?.text ? h('p', null, symptoms.suspicionReason.text, ' ', source(symptoms.suspicionReason.source)) : null,
    h('table', { class: 'data' },
      h('caption', null, 'Each finding that counted, with its points and source'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Finding'), h('th', { scope: 'col' }, 'Points'),
        h('th', { scope: 'col' }, 'Rationale'), h('th', { scope: 'col' }, 'Source'))),
      h('tbody', null, contributions.length === 0
        ? h('tr', null, h('td', { colspan: 4 }, 'No finding counted.'))
        : contributions.map((c) => h('tr', null,
          h('th', { scope: 'row' }, c.finding ?? ''),
          h('td', { class: 'number' }, c.points > 0 ? `+${c.points}` : String(c.points ?? '')),
          h('td', null, c.rationale ?? ''),
          h('td', null, source(c.source)))))),
    h('h3', null, 'Counter-indicators'),
    list(symptoms.counterIndicators, (c) => (typeof c === 'string' ? c : c.text ?? c.finding ?? JSON.stringify(c))),
    h('h3', null, 'Missing data'),
    list(symptoms.missingData, (m) => (typeof m === 'string' ? m : [h('strong', null, m.field ?? ''), m.effect ? `: ${m.effect}` : ''])),
  ];
}

function causes(assessment) {
  if (!assessment) {
    return pending('the cause assessment');
  }
  const categories = assessment.categories ?? {};
  const names = [...Object.keys(CATEGORIES), ...Object.keys(categories).filter((c) => !(c in CATEGORIES))];
  return h('ul', { class: 'cause-grid' }, names.map((name) => {
    const category = categories[name] ?? {};
    const status = CATEGORY_STATUS[category.status];
    return h('li', { class: `cause status-${category.status ?? 'missing'}` },
      h('h3', null, label(CATEGORIES, name)),
      h('p', { class: 'status' },
        h('span', { class: 'status-symbol', 'aria-hidden': 'true' }, status?.symbol ?? '–'),
        ' Status: ', h('strong', null, status?.text ?? category.status ?? 'not given')),
      h('h4', null, 'Evidence'),
      list(category.evidence),
      h('h4', null, 'Next steps'),
      list(category.nextSteps),
      category.source ? h('p', { class: 'small' }, 'Source: ', source(category.source)) : null);
  }));
}

function plan(treatment) {
  if (!treatment) {
    return pending('the treatment plan');
  }
  const glucocorticoid = treatment.glucocorticoidRecommended === true ? 'recommended' : 'not recommended';
  return [
    h('dl', { class: 'facts' },
      h('div', null, h('dt', null, 'Recommendation'), h('dd', { class: 'big' }, label(RECOMMENDATIONS, treatment.recommendation))),
      h('div', null, h('dt', null, 'Severity'), h('dd', null, label(SEVERITY, treatment.severity))),
      h('div', null, h('dt', null, 'Glucocorticoid'), h('dd', null, glucocorticoid))),
    h('h3', null, 'Severity criteria'),
    reasons(treatment.severityCriteria),
    Array.isArray(treatment.causeActions) && treatment.causeActions.length > 0 ? causeActions(treatment.causeActions) : null,
    regimen(treatment.regimen),
    h('h3', null, 'Alternatives'),
    list(treatment.alternatives, alternative),
    h('h3', null, 'Precautions'),
    list(treatment.precautions, (p) => [p.text ?? p.code ?? '', ' ', source(p.source)]),
    h('h3', null, 'Follow-up'),
    list(treatment.followUp, (f) => [f.text ?? f.code ?? '',
      Number.isInteger(f.withinDays) ? ` (within ${f.withinDays} days)` : '', ' ', source(f.source)]),
    h('h3', null, 'Warnings in the plan'),
    warningList((treatment.warnings ?? []).map((w) => ({ ...w, section: 'plan' }))),
    why(treatment.reasons),
  ];
}

function causeActions(actions) {
  return [
    h('h3', null, 'Actions on the causes'),
    h('table', { class: 'data' },
      h('caption', null, 'What to do about each cause found, before any regimen'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Cause'), h('th', { scope: 'col' }, 'Action'),
        h('th', { scope: 'col' }, 'Source'))),
      h('tbody', null, actions.map((a) => h('tr', null,
        h('th', { scope: 'row' }, label(CATEGORIES, a.category)),
        h('td', null, a.action ?? ''),
        h('td', null, source(a.source)))))),
  ];
}

function regimen(r) {
  if (!r) {
    return [h('h3', null, 'Regimen'), h('p', null, 'No regimen: this plan starts no glucocorticoid.')];
  }
  const steps = Array.isArray(r.steps) ? r.steps : [];
  return [
    h('h3', null, `Regimen: ${r.name ?? ''}`),
    r.requiresClinicalReview ? h('p', { class: 'review-note' }, h('span', { class: 'review-mark' }, 'requires clinical review'),
      r.clinicalReview ? ` ${r.clinicalReview}` : '') : null,
    stepsTable(steps, 'Steps of the regimen, with doses'),
    Number.isInteger(r.totalDays) ? h('p', null, `In all ${r.totalDays} days (${Math.round(r.totalDays / 7)} weeks).`) : null,
    h('p', { class: 'small' }, 'Source: ', source(r.source)),
  ];
}

function stepsTable(steps, caption) {
  return h('table', { class: 'data' },
    h('caption', null, caption),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Step'), h('th', { scope: 'col' }, 'Drug'), h('th', { scope: 'col' }, 'Route'),
      h('th', { scope: 'col' }, 'Dose'), h('th', { scope: 'col' }, 'Duration'), h('th', { scope: 'col' }, 'Source'))),
    h('tbody', null, steps.map((s, i) => h('tr', null,
      h('th', { scope: 'row' }, String(i + 1)),
      h('td', null, s.drug ?? ''),
      h('td', null, label(ROUTES, s.route)),
      h('td', null, doseText(s.dose)),
      h('td', null, duration(s)),
      h('td', null, source(s.source))))));
}

function doseText(dose) {
  if (!dose) {
    return '—';
  }
  if (dose.text) {
    return dose.text;
  }
  return typeof dose === 'string' ? dose : JSON.stringify(dose);
}

function duration(step) {
  if (step.weeks !== undefined && step.weeks !== null) {
    return `${step.weeks} ${Number(step.weeks) === 1 ? 'week' : 'weeks'}`;
  }
  if (Number.isInteger(step.days)) {
    return `${step.days} ${step.days === 1 ? 'day' : 'days'}`;
  }
  return '—';
}

function alternative(a) {
  return [
    h('strong', null, a.name ?? ''), a.evidence ? ` (${a.evidence})` : '', ' ',
    a.requiresClinicalReview ? h('span', { class: 'review-mark' }, 'requires clinical review') : null,
    Array.isArray(a.steps) ? stepsTable(a.steps, `Steps of ${a.name ?? 'the alternative'}`) : null,
    a.eligibility?.text ? h('p', null, 'Eligible: ', a.eligibility.text, ' ', source(a.eligibility.source)) : null,
    a.evidenceDetail?.text ? h('p', null, 'Evidence: ', a.evidenceDetail.text, ' ', source(a.evidenceDetail.source)) : null,
    Array.isArray(a.cautions) && a.cautions.length > 0
      ? h('div', null, h('p', null, 'Cautions:'), reasons(a.cautions)) : null,
  ];
}

function warningList(items) {
  if (items.length === 0) {
    return h('p', { class: 'muted' }, 'No warnings.');
  }
  return h('ul', { class: 'warning-list' }, items.map((w) => h('li', { class: `warning level-${w.level ?? 'unknown'}` },
    h('strong', null, `${label(WARNING_LEVELS, w.level)}: `), w.message ?? '', ' ',
    h('span', { class: 'code' }, `(${w.code ?? 'no code'}, ${w.section})`), ' ', w.source ? source(w.source) : null)));
}

/**
 * The audit trail, oldest first, a page at a time. Works with the paged answer ({items, nextCursor}, CONTRACT 1.1)
 * and with a gateway that still answers the whole trail as a plain list (shown here a page at a time).
 */
class History {
  constructor(caseId, current) {
    this.caseId = caseId;
    this.current = current;
    this.cursor = null;
    this.held = null; // the rest of a plain-list answer
    this.done = false;
    this.rows = h('tbody');
    this.status = h('p', { class: 'muted', role: 'status' });
    this.button = h('button', { type: 'button', onclick: () => this.more() }, 'Show more history');
    this.button.hidden = true;
    this.element = [
      h('table', { class: 'data history' },
        h('caption', null, 'Every accepted event and stage result, oldest first'),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Recorded'), h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Event'),
          h('th', { scope: 'col' }, 'Knowledge'), h('th', { scope: 'col' }, 'Content'))),
        this.rows),
      this.status,
      this.button,
    ];
  }

  async more() {
    this.button.disabled = true;
    try {
      let items;
      if (this.held) {
        items = this.held.splice(0, HISTORY_PAGE);
      } else {
        const query = new URLSearchParams({ limit: String(HISTORY_PAGE) });
        if (this.cursor) {
          query.set('cursor', this.cursor);
        }
        const answer = await api.getHistory(this.caseId, query);
        if (!this.current()) {
          return;
        }
        if (Array.isArray(answer.body)) {
          this.held = answer.body;
          items = this.held.splice(0, HISTORY_PAGE);
        } else {
          items = Array.isArray(answer.body.items) ? answer.body.items : [];
          this.cursor = answer.body.nextCursor ?? null;
          const more = typeof answer.body.hasMore === 'boolean' ? answer.body.hasMore : items.length === HISTORY_PAGE;
          this.done = !this.cursor || !more || items.length === 0;
        }
      }
      items.forEach((entry) => this.rows.append(historyRow(entry)));
      if (this.held) {
        this.done = this.held.length === 0;
      }
      const shown = this.rows.children.length;
      this.status.textContent = `${shown} ${shown === 1 ? 'entry' : 'entries'} shown${this.done ? ', the whole history.' : '.'}`;
      this.button.hidden = this.done;
    } catch (error) {
      if (error.status !== 401) {
        this.status.textContent = `The history could not be read (${error.message}).`;
        this.button.hidden = false;
      }
    } finally {
      this.button.disabled = false;
    }
  }
}

function historyRow(entry) {
  const isEvent = entry.kind === 'event';
  const what = isEvent
    ? `Event ${entry.status === 'stale' ? 'kept as stale (older than the current one)' : entry.status ?? 'accepted'}`
    : `Stage result: ${label(STAGES, entry.stage)}${entry.section ? ` (${entry.section})` : ''}`;
  const content = isEvent ? entry.event : entry.result;
  return h('tr', null,
    h('td', null, h('time', { datetime: entry.at, title: entry.at }, when(entry.at))),
    h('td', null, what),
    h('td', { class: 'code' }, entry.eventId ?? '—'),
    h('td', null, entry.knowledgeVersion ?? '—'),
    h('td', null, content === undefined || content === null ? '—'
      : h('details', null, h('summary', null, isEvent ? 'Show the event' : 'Show the result'),
        h('pre', { class: 'json' }, JSON.stringify(content, null, 2)))));
}
