// Words for the contract's codes (CONTRACT 3). Unknown codes are shown as they come, never dropped.

export const STAGES = {
  received: 'Received',
  scored: 'Scored',
  assessed: 'Causes assessed',
  planned: 'Planned',
};

export const SUSPICION = { low: 'Low', moderate: 'Moderate', high: 'High' };

export const EVIDENCE_LEVELS = {
  'symptoms-only': 'symptoms only',
  'clinical-course': 'clinical course',
  imaging: 'imaging',
  histology: 'histology',
};

export const CONCLUSIONS = {
  'op-unlikely': 'OP unlikely',
  'suspected-op': 'Suspected OP',
  'workup-incomplete': 'Work-up incomplete',
  'secondary-op': 'Secondary OP',
  'cop-probable': 'COP probable',
  'cop-confirmed': 'COP confirmed',
};

export const OP_EVIDENCE = {
  unlikely: 'unlikely',
  suspected: 'suspected',
  probable: 'probable',
  confirmed: 'confirmed',
};

export const RECOMMENDATIONS = {
  'no-op-treatment': 'No OP treatment',
  'complete-workup': 'Complete the work-up',
  'treat-underlying-cause': 'Treat the underlying cause',
  observe: 'Observe',
  'oral-glucocorticoid': 'Oral glucocorticoid',
  'iv-glucocorticoid': 'IV glucocorticoid',
  'relapse-regimen': 'Relapse regimen',
};

export const SEVERITY = { mild: 'Mild', moderate: 'Moderate', severe: 'Severe' };

export const CATEGORIES = {
  infection: 'Infection',
  drug: 'Drug',
  radiation: 'Radiation',
  'connective-tissue-disease': 'Connective tissue disease',
  'hematologic-malignancy': 'Haematological malignancy',
  'inflammatory-bowel-disease': 'Inflammatory bowel disease',
  transplant: 'Transplant',
  'aspiration-exposure': 'Aspiration or inhalational exposure',
};

/** Status words, with a symbol that only repeats them (the word is always shown). */
export const CATEGORY_STATUS = {
  excluded: { text: 'Excluded', symbol: '✓' },
  present: { text: 'Present', symbol: '!' },
  incomplete: { text: 'Incomplete', symbol: '…' },
  'not-assessed': { text: 'Not assessed', symbol: '?' },
};

export const WARNING_LEVELS = { critical: 'Critical', warning: 'Warning', info: 'Information' };

export const ROUTES = { oral: 'oral', iv: 'intravenous', intravenous: 'intravenous' };

export function label(map, code) {
  if (code === undefined || code === null || code === '') {
    return '—';
  }
  const known = map[code];
  return typeof known === 'string' ? known : known?.text ?? String(code);
}
