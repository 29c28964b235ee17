// The worklist (CONTRACT 8): the hospital's cases, most urgent first, kept up to date by polling the list with its
// cursor (updatedAfter until a first cursor exists) and re-reading a changed case's view with its ETag.

import * as api from './api.js';
import { fill, h, notice, show } from './dom.js';
import { compareUrgency, hasCritical, knowledgeVersion, urgency, warnings } from './facts.js';
import { CONCLUSIONS, RECOMMENDATIONS, SEVERITY, STAGES, SUSPICION, WARNING_LEVELS, label } from './labels.js';
import { age, clock, instantKey, millis, when } from './time.js';

const PAGE_SIZE = 200;
const MAX_PAGES_PER_POLL = 50;
const VIEW_READERS = 4;
const FLAG_MS = 120_000;
/** Overlap when resuming by time: a re-listed case is recognised and costs nothing. */
const RESUME_OVERLAP_MS = 60_000;

export class Worklist {
  constructor(pollMs) {
    this.pollMs = pollMs;
    this.rows = new Map();
    this.filters = {};
    this.generation = 0;
    this.timer = null;
    this.visible = false;
    this.el = {
      tbody: document.getElementById('worklist-rows'),
      empty: document.getElementById('worklist-empty'),
      error: document.getElementById('worklist-error'),
      news: document.getElementById('worklist-news'),
      checked: document.getElementById('worklist-checked'),
      caption: document.getElementById('worklist-caption'),
    };
  }

  /** Starts (or starts again, after a filter change) with an empty list and a full walk of the filtered listing. */
  restart(filters = this.filters) {
    this.stop();
    this.filters = filters;
    this.rows.clear();
    this.cursor = null;
    this.resumeAfter = null;
    this.walked = false;
    this.lastChecked = null;
    fill(this.el.tbody);
    notice(this.el.error, '');
    this.el.news.textContent = '';
    this.el.checked.textContent = 'Loading the cases…';
    this.tick(this.generation);
  }

  /** Stops polling and forgets every case (sign-out, session end). */
  stop() {
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = null;
  }

  clear() {
    this.stop();
    this.rows.clear();
    fill(this.el.tbody);
    this.el.news.textContent = '';
    this.el.checked.textContent = '';
  }

  setVisible(visible) {
    this.visible = visible;
    if (visible) {
      this.render();
    }
  }

  async tick(generation) {
    try {
      const news = await this.readChanges(generation);
      await this.readViews(generation);
      if (generation !== this.generation) {
        return;
      }
      this.lastChecked = Date.now();
      notice(this.el.error, '');
      this.announce(news);
      this.render();
    } catch (error) {
      if (generation !== this.generation || error.status === 401) {
        return;
      }
      notice(this.el.error, `The cases could not be read (${error.message}). Trying again every ${Math.round(this.pollMs / 1000)} s.`);
    } finally {
      if (generation === this.generation) {
        this.timer = setTimeout(() => this.tick(generation), this.pollMs);
      }
    }
  }

  /**
   * First walk: the listing with the chosen filters. Later polls: everything after the cursor, unfiltered, so that
   * a case that changes and no longer matches the filters leaves the list (the cursor is a position in the
   * hospital's update order, valid whatever the filters). A cursor the gateway refuses is replaced by updatedAfter.
   */
  async readChanges(generation) {
    const first = !this.walked;
    const news = { added: [], changed: [] };
    for (let page = 0; page < MAX_PAGES_PER_POLL; page += 1) {
      const query = new URLSearchParams();
      if (first) {
        Object.entries(this.filters).forEach(([name, value]) => value && query.set(name, value));
      }
      query.set('limit', String(PAGE_SIZE));
      if (this.cursor) {
        query.set('cursor', this.cursor);
      } else if (!first && this.resumeAfter) {
        query.set('updatedAfter', this.resumeAfter);
      }
      let answer;
      try {
        answer = await api.listCases(query);
      } catch (error) {
        if (error.status === 400 && this.cursor && !first) {
          this.cursor = null;
          this.resumeAfter = this.resumePoint(null);
          continue;
        }
        throw error;
      }
      if (generation !== this.generation) {
        return news;
      }
      const items = Array.isArray(answer.body.items) ? answer.body.items : [];
      items.forEach((item) => this.take(item, first, news));
      if (answer.body.nextCursor) {
        this.cursor = answer.body.nextCursor;
      }
      if (!this.cursor) {
        this.resumeAfter = this.resumePoint(answer.date);
      }
      const more = typeof answer.body.hasMore === 'boolean' ? answer.body.hasMore : items.length === PAGE_SIZE;
      if (!more) {
        break;
      }
    }
    this.walked = true;
    return news;
  }

  /** A time to resume from without a cursor: a minute before the latest update seen (or before the server's now). */
  resumePoint(serverDate) {
    let latest = null;
    this.rows.forEach((row) => {
      const at = millis(row.updatedAt);
      if (at !== null && (latest === null || at > latest)) {
        latest = at;
      }
    });
    const base = latest ?? (serverDate ? millis(serverDate) : null) ?? Date.now();
    return new Date(base - RESUME_OVERLAP_MS).toISOString();
  }

  take(item, first, news) {
    const known = this.rows.get(item.caseId);
    if (!this.matches(item)) {
      if (known) {
        this.rows.delete(item.caseId);
      }
      return;
    }
    if (known && known.summary.updatedAt === item.updatedAt && known.summary.eventId === item.eventId) {
      return;
    }
    const row = known ?? new Row(item.caseId);
    row.summary = item;
    row.needsView = true;
    if (!first) {
      row.flag = known ? 'Updated' : 'New';
      row.flaggedAt = Date.now();
      (known ? news.changed : news.added).push(item.caseId);
    }
    this.rows.set(item.caseId, row);
  }

  /** The filters, applied again to what later (unfiltered) polls bring. */
  matches(item) {
    const f = this.filters;
    return (!f.conclusion || item.conclusion === f.conclusion)
      && (!f.recommendation || item.recommendation === f.recommendation)
      && (!f.stage || item.stage === f.stage)
      && (!f.updatedAfter || instantKey(item.updatedAt) > instantKey(f.updatedAfter));
  }

  /** The view of each new or changed case (warnings, knowledge version), a few at a time, with If-None-Match. */
  async readViews(generation) {
    const queue = [...this.rows.values()].filter((row) => row.needsView);
    const reader = async () => {
      while (queue.length > 0) {
        const row = queue.shift();
        try {
          const answer = await api.getCase(row.caseId, row.etag);
          if (generation !== this.generation) {
            return;
          }
          if (!answer.notModified) {
            row.view = answer.body;
            row.etag = answer.etag;
          }
        } catch (error) {
          if (error.status !== 404) {
            throw error;
          }
          this.rows.delete(row.caseId);
        }
        row.needsView = false;
      }
    };
    await Promise.all(Array.from({ length: Math.min(VIEW_READERS, queue.length) }, reader));
  }

  announce(news) {
    const parts = [];
    if (news.added.length > 0) {
      parts.push(`${news.added.length} new ${news.added.length === 1 ? 'case' : 'cases'}: ${news.added.join(', ')}`);
    }
    if (news.changed.length > 0) {
      parts.push(`${news.changed.length} updated: ${news.changed.join(', ')}`);
    }
    if (parts.length > 0) {
      this.el.news.textContent = `${parts.join('; ')} (at ${clock()}).`;
    }
  }

  render() {
    if (!this.visible) {
      return;
    }
    const focusedCase = document.activeElement?.closest?.('#worklist-rows tr')?.dataset.caseId ?? null;
    const sorted = [...this.rows.values()].sort(compareUrgency);
    const now = Date.now();
    const wanted = new Set(sorted.map((row) => row.caseId));
    [...this.el.tbody.children].forEach((tr) => {
      if (!wanted.has(tr.dataset.caseId)) {
        tr.remove();
      }
    });
    const byCase = new Map([...this.el.tbody.children].map((tr) => [tr.dataset.caseId, tr]));
    sorted.forEach((row, index) => {
      const cells = row.cells(now);
      const key = JSON.stringify(cells);
      let tr = byCase.get(row.caseId);
      if (!tr) {
        tr = h('tr', { class: 'case-row' });
        tr.dataset.caseId = row.caseId;
      }
      if (tr.dataset.key !== key) {
        tr.dataset.key = key;
        tr.className = `case-row urgency-${cells.urgencyRank}`;
        fill(tr, ...rowCells(row.caseId, cells));
      }
      if (this.el.tbody.children[index] !== tr) {
        this.el.tbody.insertBefore(tr, this.el.tbody.children[index] ?? null);
      }
    });
    if (focusedCase && !document.activeElement?.closest?.('#worklist-rows')) {
      this.el.tbody.querySelector(`tr[data-case-id="${CSS.escape(focusedCase)}"] a`)?.focus();
    }
    show(this.el.empty, sorted.length === 0 && this.walked);
    const count = `${sorted.length} ${sorted.length === 1 ? 'case' : 'cases'}`;
    this.el.checked.textContent = this.lastChecked
      ? `${count} shown. Checked for changes at ${clock(this.lastChecked)}; checks every ${Math.round(this.pollMs / 1000)} s.`
      : 'Loading the cases…';
  }

  /** Focus the link of a case (back from its page), else nothing. */
  focusCase(caseId) {
    const link = this.el.tbody.querySelector(`tr[data-case-id="${CSS.escape(caseId)}"] a`);
    if (link) {
      link.focus();
      return true;
    }
    return false;
  }
}

class Row {
  constructor(caseId) {
    this.caseId = caseId;
    this.summary = null;
    this.view = null;
    this.etag = null;
    this.needsView = true;
    this.flag = null;
    this.flaggedAt = 0;
  }

  /** The fresher of the list's summary and the case view. */
  get updatedAt() {
    const fromView = this.view?.updatedAt;
    const fromList = this.summary?.updatedAt;
    if (!fromView) {
      return fromList;
    }
    return instantKey(fromView) >= instantKey(fromList) ? fromView : fromList;
  }

  get viewIsCurrent() {
    return this.view && instantKey(this.view.updatedAt) >= instantKey(this.summary.updatedAt);
  }

  get severity() {
    return this.viewIsCurrent ? this.view.treatmentPlan?.severity ?? null : this.summary.severity;
  }

  cells(now) {
    const current = this.viewIsCurrent;
    const view = this.view;
    const summary = this.summary;
    const u = urgency(this);
    return {
      flag: this.flag && now - this.flaggedAt < FLAG_MS ? this.flag : null,
      urgencyRank: u.rank,
      urgency: u.text,
      stage: label(STAGES, current ? view.stage : summary.stage),
      suspicion: suspicionText(current ? view.symptomAssessment : null, summary.suspicion),
      conclusion: label(CONCLUSIONS, current ? view.causeAssessment?.conclusion : summary.conclusion),
      recommendation: label(RECOMMENDATIONS, current ? view.treatmentPlan?.recommendation : summary.recommendation),
      severity: label(SEVERITY, this.severity),
      warnings: warnings(view).map((w) => [label(WARNING_LEVELS, w.level), w.code ?? w.message ?? '']),
      critical: hasCritical(view),
      occurredAt: summary.occurredAt,
      dataAge: age(summary.occurredAt, now),
      updated: age(this.updatedAt, now),
      updatedAt: this.updatedAt,
      knowledge: knowledgeVersion(view),
    };
  }
}

function suspicionText(symptoms, fallback) {
  if (symptoms?.suspicion) {
    const score = Number.isInteger(symptoms.suspicionScore) ? ` (score ${symptoms.suspicionScore})` : '';
    return `${label(SUSPICION, symptoms.suspicion)}${score}`;
  }
  return label(SUSPICION, fallback);
}

function rowCells(caseId, c) {
  return [
    h('th', { scope: 'row' },
      h('a', { href: `#/case/${encodeURIComponent(caseId)}` }, caseId),
      c.flag ? h('span', { class: `flag flag-${c.flag.toLowerCase()}` }, c.flag) : null),
    h('td', { class: `urgency urgency-${c.urgencyRank}` }, c.urgency),
    h('td', null, c.stage),
    h('td', null, c.suspicion),
    h('td', null, c.conclusion),
    h('td', null, c.recommendation),
    h('td', null, c.severity),
    h('td', { class: 'warnings' }, c.warnings.length === 0 ? 'None'
      : h('ul', { class: 'plain' }, c.warnings.map(([level, code]) => h('li', { class: `level-${level.toLowerCase()}` },
        h('strong', null, `${level}:`), ' ', code)))),
    h('td', null, h('time', { datetime: c.occurredAt, title: when(c.occurredAt) }, c.dataAge)),
    h('td', null, h('time', { datetime: c.updatedAt, title: when(c.updatedAt) }, c.updated)),
    h('td', { class: 'knowledge' }, c.knowledge),
  ];
}
