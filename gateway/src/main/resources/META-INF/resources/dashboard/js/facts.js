// What the worklist and the case page both read out of a case view (CONTRACT 3).

import { instantKey } from './time.js';

const SECTIONS = [
  ['symptomAssessment', 'suspicion score'],
  ['causeAssessment', 'causes'],
  ['treatmentPlan', 'plan'],
];
const LEVEL_ORDER = { critical: 0, warning: 1, info: 2 };

/** Every warning of every section, most serious first, each with the section it comes from. */
export function warnings(view) {
  const all = [];
  for (const [section, name] of SECTIONS) {
    const list = view?.[section]?.warnings;
    if (Array.isArray(list)) {
      list.forEach((warning) => all.push({ ...warning, section: name }));
    }
  }
  return all.sort((a, b) => (LEVEL_ORDER[a.level] ?? 3) - (LEVEL_ORDER[b.level] ?? 3));
}

export function hasCritical(view) {
  return warnings(view).some((warning) => warning.level === 'critical');
}

/** The knowledge versions that produced the sections, e.g. "cop-knowledge-v2", or "mixed: ..." when they differ. */
export function knowledgeVersion(view) {
  const versions = SECTIONS.map(([section]) => view?.[section]?.knowledgeVersion).filter(Boolean);
  const distinct = [...new Set(versions)];
  if (distinct.length === 0) {
    return '—';
  }
  return distinct.length === 1 ? distinct[0] : `mixed: ${distinct.join(', ')}`;
}

/**
 * CONTRACT 8: a critical warning first, then severe, then the rest; within each group the latest update first
 * (then case id, so the order is stable).
 */
export function urgency(row) {
  if (hasCritical(row.view)) {
    return { rank: 0, text: 'Critical warning' };
  }
  if (row.severity === 'severe') {
    return { rank: 1, text: 'Severe' };
  }
  return { rank: 2, text: 'Routine' };
}

export function compareUrgency(a, b) {
  const byRank = urgency(a).rank - urgency(b).rank;
  if (byRank !== 0) {
    return byRank;
  }
  const byUpdate = compare(instantKey(b.updatedAt), instantKey(a.updatedAt));
  return byUpdate !== 0 ? byUpdate : compare(a.caseId, b.caseId);
}

function compare(x, y) {
  if (x === y) {
    return 0;
  }
  return x < y ? -1 : 1;
}
